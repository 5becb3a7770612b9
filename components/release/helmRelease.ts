import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { Values } from "../../core/values/merge";

export interface HelmReleaseArgs {
    readonly provider: k8s.Provider;
    /** Helm release name, `<team>-<app>` for team apps. */
    readonly releaseName: string;
    readonly namespace: pulumi.Input<string>;
    /** `oci://<registry>/helm-charts/<chart>`, or a chart name when `repository` is given. */
    readonly chart: string;
    /** Exact chart version. */
    readonly version: string;
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
    /** Resources the release must wait for (its namespace and RBAC, other releases). */
    readonly dependsOn?: pulumi.Input<pulumi.Resource>[];
}

/**
 * One Helm release, built on `helm.v3.Release` so that `helm list -A` and `helm history` show it
 * like any release installed by the Helm CLI.
 */
export class HelmRelease extends pulumi.ComponentResource {
    public readonly release: k8s.helm.v3.Release;
    public readonly status: pulumi.Output<k8s.types.output.helm.v3.ReleaseStatus>;

    constructor(name: string, args: HelmReleaseArgs, opts?: pulumi.ComponentResourceOptions) {
        super("helm-platform:release:HelmRelease", name, {}, opts);
        const atomic = args.atomic ?? true;
        this.release = new k8s.helm.v3.Release(`${name}-release`, {
            name: args.releaseName,
            namespace: args.namespace,
            chart: args.chart,
            version: args.version,
            repositoryOpts: args.repository ? { repo: args.repository } : undefined,
            values: args.values,
            atomic,
            // Resources a failed upgrade created are removed even when the release is not rolled back.
            cleanupOnFail: true,
            timeout: args.timeoutSeconds ?? 600,
            maxHistory: args.maxHistory ?? 10,
            verify: args.keyring !== undefined,
            keyring: args.keyring,
            // Namespaces belong to tenants; a release must never create one of its own.
            createNamespace: false,
        }, { parent: this, provider: args.provider, dependsOn: args.dependsOn });
        this.status = this.release.status;
        this.registerOutputs({ status: this.status });
    }
}
