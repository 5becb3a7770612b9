import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { TYPE } from "../../core/base/resourceTypes";
import { DNS1123_LABEL, HELM_RELEASE_NAME_MAX } from "../../core/config/names";
import { exactVersionSchema } from "../../core/config/versions";
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
 * What to install. The cluster comes from the options, the Pulumi way: `provider` (a Kubernetes
 * provider), and `dependsOn`, which the release itself waits for.
 */
export interface HelmReleaseArgs {
    /** Helm release name, `<team>-<app>` for team apps. */
    readonly releaseName: string;
    readonly namespace: pulumi.Input<string>;
    /** `oci://<registry>/helm-charts/<chart>`, or a chart name when `repository` is given. */
    readonly chart: string;
    /** Exact chart version. */
    readonly version: string;
    /**
     * The version's manifest digest (`sha256:...`, from `charts.lock.yaml`): Helm then installs
     * `<chart>@<digest>` and refuses the chart when the version's tag points at other content
     * ("chart reference digest mismatch"), or when the content is not the digest's. Unset: by version.
     * Not with `keyring`: Helm cannot verify the provenance of a chart it fetches by digest (the
     * download is named after the digest, the `.prov` signs the package's file name; helm/helm#32546).
     * @see https://helm.sh/docs/topics/registries/
     */
    readonly digest?: string;
    /** Classic (non-OCI) chart repository, for platform charts from an allowed external source. */
    readonly repository?: string;
    /** Merged values, passed as `values` (not files) so previews show them key by key. */
    readonly values: pulumi.Input<Values>;
    /**
     * Roll back on failure, so a failed upgrade never leaves a half-applied release.
     * @default true
     */
    readonly atomic?: boolean;
    /** @default 600 (seconds) */
    readonly timeoutSeconds?: number;
    /** Bounded history: every revision is a Secret in the namespace. @default 10 */
    readonly maxHistory?: number;
    /**
     * Public keyring to verify the chart's provenance (`.prov`, pushed as an OCI layer) against; the
     * install fails when the signature does not match. Unset: no verification.
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
    public readonly release: k8s.helm.v3.Release;
    public readonly status: pulumi.Output<k8s.types.output.helm.v3.ReleaseStatus>;

    constructor(name: string, args: HelmReleaseArgs, opts?: pulumi.ComponentResourceOptions) {
        super(TYPE.helmRelease, name, {}, opts);
        const checked = argsSchema.safeParse(args);
        if (!checked.success) {
            const problems = checked.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
            throw new pulumi.ResourceError(`invalid release ${name}: ${problems}`, this);
        }
        const atomic = args.atomic ?? true;
        this.release = new k8s.helm.v3.Release(
            `${name}-release`,
            {
                name: args.releaseName,
                namespace: args.namespace,
                chart: args.digest ? `${args.chart}@${args.digest}` : args.chart,
                version: args.version,
                repositoryOpts: args.repository ? { repo: args.repository } : undefined,
                values: args.values,
                atomic,
                // Resources a failed upgrade created are removed even when the release is not rolled back.
                cleanupOnFail: true,
                timeout: args.timeoutSeconds ?? 600,
                maxHistory: args.maxHistory ?? 10,
                skipCrds: args.skipCrds ?? false,
                verify: args.keyring !== undefined,
                keyring: args.keyring,
                // Namespaces belong to tenants; a release must never create one of its own.
                createNamespace: false,
            },
            { parent: this, dependsOn: opts?.dependsOn },
        );
        this.status = this.release.status;
        this.registerOutputs({ status: this.status });
    }
}
