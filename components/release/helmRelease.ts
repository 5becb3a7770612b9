import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { TYPE } from "../../core/base/resourceTypes";
import { DNS1123_LABEL, HELM_RELEASE_NAME_MAX } from "../../core/config/names";
import { PROFILES } from "../../core/config/profiles";
import { exactVersionSchema } from "../../core/config/versions";
import type { UpgradePolicy } from "../../core/model/environment";
import { ALLOWED_EXTERNAL_REPOSITORIES } from "../../core/monitoring/charts";
import type { Values } from "../../core/values/merge";

export { ALLOWED_EXTERNAL_REPOSITORIES };

/** The plain (non-Output) args, checked when the component is constructed. */
const argsSchema = z
    .object({
        releaseName: z.string().max(HELM_RELEASE_NAME_MAX).regex(DNS1123_LABEL, { message: "must be a DNS-1123 label" }),
        chart: z.string().min(1),
        version: exactVersionSchema,
        repository: z
            .enum(ALLOWED_EXTERNAL_REPOSITORIES as [string, ...string[]], {
                message: `must be one of the allowed repositories: ${ALLOWED_EXTERNAL_REPOSITORIES.join(", ")}`,
            })
            .optional(),
        atomic: z.boolean().optional(),
        timeoutSeconds: z.int().min(30).max(3600).optional(),
        maxHistory: z.int().min(1).max(100).optional(),
        keyring: z.string().min(1).optional(),
        digest: z
            .string()
            .regex(/^sha256:[0-9a-f]{64}$/, { message: "must be a manifest digest: sha256:<64 hex digits>" })
            .optional(),
    })
    .refine((a) => a.repository !== undefined || a.chart.startsWith("oci://"), {
        message: "chart must be an oci:// reference unless it comes from an allowed repository",
        path: ["chart"],
    })
    .refine((a) => a.digest === undefined || (a.repository === undefined && !a.chart.includes("@")), {
        message: "a digest pins an oci:// chart given without one",
        path: ["digest"],
    })
    .refine((a) => a.digest === undefined || a.keyring === undefined, {
        // Helm names a chart fetched by digest after the digest, and the .prov signs the package's own file
        // name, so every verification would fail (helm/helm#32546).
        message: "Helm cannot verify the provenance of a chart it fetches by digest: give the digest or the keyring",
        path: ["digest"],
    });

/**
 * How a release installs and upgrades when nothing says otherwise: the production profile's policy
 * (atomic, 600 seconds, 10 revisions kept).
 */
export const RELEASE_DEFAULTS: UpgradePolicy = PROFILES.production.upgrade;

/**
 * What to install: a chart, its exact version and the namespace; everything else has a default. The
 * cluster comes from the options, the Pulumi way: `provider` (a Kubernetes provider), and `dependsOn`,
 * which the release itself waits for.
 */
export interface HelmReleaseArgs {
    /** The namespace to install into; the release never creates one. */
    readonly namespace: pulumi.Input<string>;
    /** `oci://<registry>/helm-charts/<chart>`, or a chart name when `repository` is given. */
    readonly chart: string;
    /** Exact chart version, such as `1.4.2`: never a range. */
    readonly version: string;
    /** Helm release name: a DNS-1123 label of at most 53 characters. @default the component's name */
    readonly releaseName?: string;
    /** Merged values, passed as `values` (not files) so previews show them key by key. @default {} (the chart's own) */
    readonly values?: pulumi.Input<Values>;
    /**
     * The version's manifest digest (`sha256:...`, from `charts.lock.yaml`): Helm then installs
     * `<chart>@<digest>` and refuses the chart when the version's tag points at other content
     * ("chart reference digest mismatch"), or when the content is not the digest's.
     * Not with `keyring`: Helm cannot verify the provenance of a chart it fetches by digest (the
     * download is named after the digest, the `.prov` signs the package's file name; helm/helm#32546).
     * @default none: by version
     * @see https://helm.sh/docs/topics/registries/
     */
    readonly digest?: string;
    /** Classic (non-OCI) chart repository, for platform charts from an allowed external source. @default none: `chart` is an `oci://` reference */
    readonly repository?: string;
    /**
     * Roll back on failure, so a failed upgrade never leaves a half-applied release.
     * @default RELEASE_DEFAULTS.atomic
     */
    readonly atomic?: boolean;
    /** Seconds Helm waits for the release's resources to become ready. @default RELEASE_DEFAULTS.timeoutSeconds */
    readonly timeoutSeconds?: number;
    /** Revisions kept: every revision is a Secret in the namespace. @default RELEASE_DEFAULTS.maxHistory */
    readonly maxHistory?: number;
    /**
     * Public keyring to verify the chart's provenance (`.prov`, pushed as an OCI layer) against; the
     * install fails when the signature does not match. @default none: no verification
     */
    readonly keyring?: string;
    /** Do not install the chart's `crds/` (they come from a release of their own). @default false */
    readonly skipCrds?: boolean;
}

/**
 * One Helm release, built on `helm.v3.Release` so that `helm list -A` and `helm history` show it
 * like any release installed by the Helm CLI.
 */
export class HelmRelease extends pulumi.ComponentResource {
    /** The Helm release: what a release that needs this one waits for. */
    public readonly release: k8s.helm.v3.Release;
    /** The release's status as Helm reports it (revision, status, chart version). */
    public readonly status: pulumi.Output<k8s.types.output.helm.v3.ReleaseStatus>;

    constructor(name: string, args: HelmReleaseArgs, opts?: pulumi.ComponentResourceOptions) {
        super(TYPE.helmRelease, name, {}, opts);
        const release = {
            ...args,
            releaseName: args.releaseName ?? name,
            values: args.values ?? {},
            atomic: args.atomic ?? RELEASE_DEFAULTS.atomic,
            timeoutSeconds: args.timeoutSeconds ?? RELEASE_DEFAULTS.timeoutSeconds,
            maxHistory: args.maxHistory ?? RELEASE_DEFAULTS.maxHistory,
            skipCrds: args.skipCrds ?? false,
        };
        const checked = argsSchema.safeParse(release);
        if (!checked.success) {
            const problems = checked.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
            throw new pulumi.ResourceError(`invalid release ${name}: ${problems}`, this);
        }
        this.release = new k8s.helm.v3.Release(
            `${name}-release`,
            {
                name: release.releaseName,
                namespace: release.namespace,
                chart: release.digest ? `${release.chart}@${release.digest}` : release.chart,
                version: release.version,
                repositoryOpts: release.repository ? { repo: release.repository } : undefined,
                values: release.values,
                atomic: release.atomic,
                // Resources a failed upgrade created are removed even when the release is not rolled back.
                cleanupOnFail: true,
                timeout: release.timeoutSeconds,
                maxHistory: release.maxHistory,
                skipCrds: release.skipCrds,
                verify: release.keyring !== undefined,
                keyring: release.keyring,
                // Namespaces belong to tenants; a release must never create one of its own.
                createNamespace: false,
            },
            { parent: this, dependsOn: opts?.dependsOn },
        );
        this.status = this.release.status;
        this.registerOutputs({ status: this.status });
    }
}
