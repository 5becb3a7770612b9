import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { impersonating } from "../../core/azure/kubeconfig";
import { MANAGED_BY, MANAGED_BY_LABEL, MONITORING_NAMESPACE } from "../../core/base/constants";
import { kubernetesKindOf, TYPE } from "../../core/base/resourceTypes";
import type { ReleaseSpec, TenantSpec } from "../../core/model/platform";
import { teamDashboard } from "../../core/monitoring/model";
import { teamAlertmanagerConfig } from "../../core/monitoring/stackValues";
import { installerSubject } from "../../core/tenancy/rbac";
import type { OwnedSecrets } from "../../core/values/secrets";
import type { ClusterConnection } from "../cluster/connection";
import { dashboardConfigMap } from "../monitoring/monitoringStack";
import { HelmRelease } from "../release/helmRelease";
import { releaseValues } from "../release/releaseValues";
import { TenantNamespace } from "./tenantNamespace";

/** The Secret holding a team's own Slack webhook, in its namespace. */
const TEAM_ALERTS_WEBHOOK = "team-alerts-webhook";

/** What a team's monitoring needs from the platform's. */
export interface TeamMonitoring {
    /** The team dashboard's template (`monitoring/dashboards/team-releases.json`). @default no team dashboard */
    readonly dashboardTemplate?: string;
    /** Where the team's dashboard was registered before teams held it (`name` and `parent` URN). */
    readonly formerDashboard?: pulumi.Alias;
}

/** One owned secret's value (`<owner>/<name>`) out of the secrets a component was handed, still secret. */
function secretValue(secrets: pulumi.Input<OwnedSecrets>, ref: string): pulumi.Output<string> {
    const [owner, name] = ref.split("/") as [string, string];
    return pulumi.secret(pulumi.output(secrets).apply((all) => (all as OwnedSecrets)[owner]?.[name] ?? ""));
}

export interface TeamArgs {
    /** The cluster the team runs on. The platform's provider creates the namespace; releases use the team's own. */
    readonly cluster: ClusterConnection;
    readonly environment: string;
    /** The validated tenant: namespace, groups, Pod Security, quota, limits, network, exposure. */
    readonly tenant: TenantSpec;
    /** ARM ID of the cluster when it authorizes with Azure RBAC (see {@link TenantNamespace}). */
    readonly azureRbacClusterId?: pulumi.Input<string>;
    /** Object ID of a CI identity the platform created for the team. */
    readonly ciPrincipalId?: pulumi.Input<string>;
    /**
     * The team's own secrets, `{ <team>: { <name>: <value> } }`, as a Pulumi secret: the only secrets its
     * releases can resolve. @default no secrets
     */
    readonly secrets?: pulumi.Input<OwnedSecrets>;
    /** Public keyring every release's chart is verified against. Unset: no verification. */
    readonly keyring?: string;
    /** Keep the namespace on the cluster when Pulumi deletes or replaces it. @default false */
    readonly retainNamespace?: boolean;
    /**
     * The resource the team's namespace and releases used to sit under directly, so that moving them
     * under this component keeps their identity (Pulumi aliases) instead of replacing them.
     */
    readonly formerParent?: pulumi.Resource;
}

/**
 * One team on one cluster: its namespace with everything that isolates it, the Kubernetes provider its
 * releases are installed with, and those releases. The provider impersonates the namespace's installer
 * ServiceAccount, so a chart can create only what that account may: namespaced objects, in this
 * namespace. `pulumi up --target <this component's URN> --target-dependents` deploys exactly this team.
 * `dependsOn` in `opts`: what the team's namespace waits for (such as the cluster's admission policies).
 */
export class Team extends pulumi.ComponentResource {
    public readonly namespace: TenantNamespace;
    /** The provider team releases use: the cluster, as the namespace's installer. */
    public readonly installerProvider: k8s.Provider;
    /** That provider's kubeconfig (a secret): the cluster's, acting as the installer. */
    public readonly installerKubeconfig: pulumi.Output<string>;
    private readonly args: TeamArgs;
    private readonly name: string;

    constructor(name: string, args: TeamArgs, opts?: pulumi.ComponentResourceOptions) {
        const { tenant, cluster } = args;
        const installer = installerSubject(tenant.namespace);
        // Recorded as the component's inputs, which are its state in Pulumi: changing them would show as a diff.
        // Readers of the plan go by its inventory, which names the same (core/report/planInventory.ts).
        super(TYPE.team, name, { team: tenant.team, cluster: cluster.clusterName, namespace: tenant.namespace, installer }, opts);
        this.args = args;
        this.name = name;
        this.namespace = new TenantNamespace(
            name,
            {
                environment: args.environment,
                tenant,
                azureRbacClusterId: args.azureRbacClusterId,
                ciPrincipalId: args.ciPrincipalId,
                retainOnDelete: args.retainNamespace,
            },
            { parent: this, provider: cluster.provider, dependsOn: opts?.dependsOn, aliases: this.moved() },
        );
        if (!cluster.access) {
            throw new pulumi.ResourceError(
                `cluster ${cluster.clusterName} is reached through an ambient kubeconfig, so team ${tenant.team}'s releases cannot impersonate their installer; give the cluster's kubeconfig`,
                this,
            );
        }
        const { kubeconfig, context } = cluster.access;
        this.installerKubeconfig = pulumi.secret(kubeconfig.apply((k) => impersonating(k, installer, context)));
        this.installerProvider = new k8s.Provider(
            `${name}-installer`,
            {
                kubeconfig: this.installerKubeconfig,
                // The same cluster as the platform's provider: moving a release between them replaces nothing.
                clusterIdentifier: cluster.clusterIdentifier,
                namespace: tenant.namespace,
                enableServerSideApply: true,
            },
            { parent: this },
        );
        this.registerOutputs({ namespace: this.namespace.namespaceName, installer });
    }

    /**
     * The team's side of the monitoring, on the platform's provider: an `AlertmanagerConfig` in the team's
     * namespace routing its alerts to its channel (with a Secret of the team's own webhook, if it has one;
     * else the platform's webhook, which never leaves the monitoring namespace), and the team's dashboard in
     * the monitoring namespace. Adding or changing a team changes only what sits under its component.
     * `after`: the monitoring CRDs, when this stack installs them.
     */
    monitoring(monitoring: TeamMonitoring, after: readonly pulumi.Resource[] = []): void {
        const { tenant, cluster } = this.args;
        const opts = { parent: this, provider: cluster.provider };
        const alerts = tenant.alerts;
        if (alerts) {
            const ready = [...this.namespace.ready, ...after];
            const own = alerts.webhookSecret;
            const webhook = own ? { secretName: TEAM_ALERTS_WEBHOOK, key: "url" } : undefined;
            const secret = own
                ? [
                      new k8s.core.v1.Secret(
                          `${this.name}-alerts-webhook`,
                          {
                              metadata: {
                                  name: TEAM_ALERTS_WEBHOOK,
                                  namespace: tenant.namespace,
                                  labels: { [MANAGED_BY_LABEL]: MANAGED_BY },
                              },
                              stringData: { url: secretValue(this.args.secrets ?? {}, own) },
                          },
                          { ...opts, dependsOn: ready },
                      ),
                  ]
                : [];
            new k8s.apiextensions.CustomResource(
                `${this.name}-alerts`,
                {
                    ...kubernetesKindOf(TYPE.alertmanagerConfig),
                    metadata: { name: "team-alerts", namespace: tenant.namespace, labels: { [MANAGED_BY_LABEL]: MANAGED_BY } },
                    spec: teamAlertmanagerConfig(alerts, webhook),
                },
                { ...opts, dependsOn: [...ready, ...secret] },
            );
        }
        if (monitoring.dashboardTemplate && alerts) {
            const file = `team-${tenant.team}.json`;
            new k8s.core.v1.ConfigMap(
                `${this.name}-dashboard`,
                dashboardConfigMap(file, teamDashboard(monitoring.dashboardTemplate, tenant), MONITORING_NAMESPACE),
                // It used to be the monitoring stack's: the alias keeps it, instead of creating it anew and deleting the old.
                { ...opts, dependsOn: [...after], aliases: monitoring.formerDashboard ? [monitoring.formerDashboard] : undefined },
            );
        }
    }

    /**
     * Installs one of the team's releases with the installer provider, after the namespace, its quota,
     * policies and RBAC, and after whatever it `needs` (`after`).
     */
    release(spec: ReleaseSpec, after: readonly pulumi.Resource[] = []): HelmRelease {
        return new HelmRelease(
            `${this.name}-${spec.app}`,
            {
                releaseName: spec.name,
                namespace: this.namespace.namespaceName,
                chart: spec.chart,
                version: spec.version,
                // Verified by signature when the environment has a keyring (Helm cannot verify a chart fetched by
                // digest), by digest otherwise; `npm run lock -- --check` compares both before deploying.
                digest: this.args.keyring === undefined ? spec.digest : undefined,
                values: releaseValues(spec.values, this.args.secrets ?? {}),
                atomic: spec.upgrade.atomic,
                timeoutSeconds: spec.upgrade.timeoutSeconds,
                maxHistory: spec.upgrade.maxHistory,
                keyring: this.args.keyring,
            },
            { parent: this, provider: this.installerProvider, dependsOn: [...this.namespace.ready, ...after], aliases: this.moved() },
        );
    }

    /**
     * A release's opt-in to scraping: a ServiceMonitor in the team's namespace selecting the release's
     * Services, created by the platform (it needs the monitoring CRDs, `after`).
     */
    serviceMonitor(spec: ReleaseSpec, after: readonly pulumi.Resource[]): k8s.apiextensions.CustomResource {
        const metrics = spec.metrics as NonNullable<ReleaseSpec["metrics"]>;
        return new k8s.apiextensions.CustomResource(
            `${this.name}-${spec.app}-monitor`,
            {
                ...kubernetesKindOf(TYPE.serviceMonitor),
                metadata: { name: spec.name, namespace: spec.namespace },
                spec: {
                    selector: { matchLabels: { "app.kubernetes.io/instance": spec.name } },
                    endpoints: [{ port: metrics.port, path: metrics.path, interval: metrics.interval }],
                },
            },
            { parent: this, provider: this.args.cluster.provider, dependsOn: [...after], aliases: this.moved() },
        );
    }

    /**
     * The former parent by its URN, not the resource: the SDK walks an alias object's values looking for
     * unknowns, and from a resource it walks the whole resource tree (1,800 such walks doubled the plan
     * of a 50-team platform).
     */
    private moved(): pulumi.Input<pulumi.Alias>[] | undefined {
        return this.args.formerParent ? [{ parent: this.args.formerParent.urn }] : undefined;
    }
}
