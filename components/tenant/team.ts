import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { impersonating } from "../../core/azure/kubeconfig";
import { MANAGED_BY, MANAGED_BY_LABEL, MONITORING_NAMESPACE } from "../../core/base/constants";
import { kubernetesKindOf, TYPE } from "../../core/base/resourceTypes";
import { teamDashboard } from "../../core/monitoring/model";
import { teamAlertmanagerConfig } from "../../core/monitoring/stackValues";
import { installerSubject } from "../../core/tenancy/rbac";
import type { OwnedSecrets } from "../../core/values/secrets";
import { dashboardConfigMap } from "../monitoring/monitoringStack";
import { HelmRelease, type HelmReleaseArgs } from "../release/helmRelease";
import { releaseValues } from "../release/releaseValues";
import { TenantNamespace, type TenantNamespaceArgs, teamOf } from "./tenantNamespace";

/** The Secret holding a team's own Slack webhook, in its namespace. */
const TEAM_ALERTS_WEBHOOK = "team-alerts-webhook";

/** What a team's monitoring needs from the platform's. */
export interface TeamMonitoring {
    /** The team dashboard's template (`monitoring/dashboards/team-releases.json`). @default no team dashboard */
    readonly dashboardTemplate?: string;
    /** Where the team's dashboard was registered before teams held it (`name` and `parent` URN). @default none */
    readonly formerDashboard?: pulumi.Alias;
}

/** One owned secret's value (`<owner>/<name>`) out of the secrets a component was handed, still secret. */
function secretValue(secrets: pulumi.Input<OwnedSecrets>, ref: string): pulumi.Output<string> {
    const [owner, name] = ref.split("/") as [string, string];
    return pulumi.secret(pulumi.output(secrets).apply((all) => (all as OwnedSecrets)[owner]?.[name] ?? ""));
}

/**
 * The cluster a team runs on, as {@link Team} needs it: every cluster component (`AksCluster`,
 * `ExistingCluster`) is one, and so is a plain object around a Kubernetes provider and its kubeconfig.
 */
export interface TeamCluster {
    /** The cluster's name, recorded in the Team's state. */
    readonly clusterName: string;
    /** The platform's provider on the cluster: it creates the namespace, its isolation and the team's monitoring. */
    readonly provider: k8s.Provider;
    /**
     * The kubeconfig the platform's provider uses (a secret), and the context in it: the team's releases
     * impersonate the namespace's installer from it. @default none: the Team refuses, as its releases could
     * only act with the platform's rights
     */
    readonly access?: { readonly kubeconfig: pulumi.Input<string>; readonly context?: string };
    /** Stable identity of the cluster for every provider that reaches it. @default none: the provider's own */
    readonly clusterIdentifier?: string;
    /** ARM ID of the cluster when it authorizes with Azure RBAC (see {@link TenantNamespaceArgs}). @default none */
    readonly azureRbacClusterId?: pulumi.Input<string>;
}

/**
 * A team on a cluster: its namespace, with every option of {@link TenantNamespaceArgs} but
 * `retainOnDelete` (here `retainNamespace`), and what its releases need. Only `cluster` (with its
 * `access`), `namespace` and `ownerGroupObjectIds` have no default.
 */
export interface TeamArgs extends Omit<TenantNamespaceArgs, "retainOnDelete"> {
    /** The cluster the team runs on. The platform's provider creates the namespace; releases use the team's own. */
    readonly cluster: TeamCluster;
    /** ARM ID of the cluster when it authorizes with Azure RBAC. @default the cluster's `azureRbacClusterId` */
    readonly azureRbacClusterId?: pulumi.Input<string>;
    /**
     * The team's own secrets, `{ <team>: { <name>: <value> } }`, as a Pulumi secret: the only secrets its
     * releases can resolve. @default no secrets
     */
    readonly secrets?: pulumi.Input<OwnedSecrets>;
    /** Public keyring every release's chart is verified against (a path on the deploying machine). @default none: no verification */
    readonly keyring?: string;
    /** Keep the namespace on the cluster when Pulumi deletes or replaces it. @default false */
    readonly retainNamespace?: boolean;
    /** Where the team's alerts go, with {@link Team.monitoring}. @default only the platform's channel */
    readonly alerts?: TeamAlertsArgs;
    /**
     * The resource the team's namespace and releases used to sit under directly, so that moving them
     * under this component keeps their identity (Pulumi aliases) instead of replacing them.
     * @default none
     */
    readonly formerParent?: pulumi.Resource;
}

/** A team's Slack channel for its alerts. */
export interface TeamAlertsArgs {
    /** The channel, such as `#payments-alerts`. */
    readonly slackChannel: string;
    /**
     * The team's own webhook, as `<team>/<name>` of {@link TeamArgs.secrets}. @default the platform's
     * webhook, which never leaves the monitoring namespace
     */
    readonly webhookSecret?: string;
}

/** One of the team's releases: {@link HelmReleaseArgs} without what the team decides (its namespace, keyring and provider). */
export interface TeamReleaseArgs extends Omit<HelmReleaseArgs, "namespace" | "keyring" | "releaseName"> {
    /** Helm release name. @default `<team>-<app>` */
    readonly releaseName?: string;
}

/** Where Prometheus scrapes one of the team's releases. */
export interface ServiceMonitorArgs {
    /** The release whose Services are scraped. @default `<team>-<app>` */
    readonly releaseName?: string;
    /** The Service port's name. */
    readonly port: string;
    /** The HTTP path of the metrics. */
    readonly path: string;
    /** How often Prometheus scrapes, such as `30s`. */
    readonly interval: string;
}

/**
 * One team on one cluster: its namespace with everything that isolates it, the Kubernetes provider its
 * releases are installed with, and those releases. The provider impersonates the namespace's installer
 * ServiceAccount, so a chart can create only what that account may: namespaced objects, in this
 * namespace. `pulumi up --target <this component's URN> --target-dependents` deploys exactly this team.
 * `dependsOn` in `opts`: what the team's namespace waits for (such as the cluster's admission policies).
 */
export class Team extends pulumi.ComponentResource {
    /** The team's namespace with everything that isolates it: what its releases wait for. */
    public readonly namespace: TenantNamespace;
    /** The team's name (its `team` arg, or its namespace's name). */
    public readonly team: string;
    /** The provider team releases use: the cluster, as the namespace's installer. */
    public readonly installerProvider: k8s.Provider;
    /** That provider's kubeconfig (a secret): the cluster's, acting as the installer. */
    public readonly installerKubeconfig: pulumi.Output<string>;
    private readonly args: TeamArgs;
    private readonly name: string;

    constructor(name: string, args: TeamArgs, opts?: pulumi.ComponentResourceOptions) {
        const { cluster, secrets: _secrets, keyring: _keyring, retainNamespace, alerts: _alerts, formerParent: _former, ...tenant } = args;
        const team = teamOf(tenant);
        const installer = installerSubject(tenant.namespace);
        // Recorded as the component's inputs, which are its state in Pulumi: changing them would show as a diff.
        // Readers of the plan go by its inventory, which names the same (core/report/planInventory.ts).
        super(TYPE.team, name, { team, cluster: cluster.clusterName, namespace: tenant.namespace, installer }, opts);
        this.args = args;
        this.name = name;
        this.team = team;
        this.namespace = new TenantNamespace(
            name,
            { ...tenant, azureRbacClusterId: args.azureRbacClusterId ?? cluster.azureRbacClusterId, retainOnDelete: retainNamespace },
            { parent: this, provider: cluster.provider, dependsOn: opts?.dependsOn, aliases: this.moved() },
        );
        if (!cluster.access) {
            throw new pulumi.ResourceError(
                `cluster ${cluster.clusterName} is reached through an ambient kubeconfig, so team ${team}'s releases cannot impersonate their installer; give the cluster's kubeconfig`,
                this,
            );
        }
        const { kubeconfig, context } = cluster.access;
        this.installerKubeconfig = pulumi.secret(pulumi.output(kubeconfig).apply((k) => impersonating(k, installer, context)));
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
        const { cluster, namespace } = this.args;
        const opts = { parent: this, provider: cluster.provider };
        const alerts = this.args.alerts;
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
                                  namespace,
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
                    metadata: { name: "team-alerts", namespace, labels: { [MANAGED_BY_LABEL]: MANAGED_BY } },
                    spec: teamAlertmanagerConfig({ team: this.team, namespace, ...alerts }, webhook),
                },
                { ...opts, dependsOn: [...ready, ...secret] },
            );
        }
        if (monitoring.dashboardTemplate && alerts) {
            const file = `team-${this.team}.json`;
            new k8s.core.v1.ConfigMap(
                `${this.name}-dashboard`,
                dashboardConfigMap(file, teamDashboard(monitoring.dashboardTemplate, { team: this.team, namespace }), MONITORING_NAMESPACE),
                // It used to be the monitoring stack's: the alias keeps it, instead of creating it anew and deleting the old.
                { ...opts, dependsOn: [...after], aliases: monitoring.formerDashboard ? [monitoring.formerDashboard] : undefined },
            );
        }
    }

    /**
     * Installs one of the team's releases (component `<Team>-<app>`) with the installer provider, after the
     * namespace, its quota, policies and RBAC, and after whatever it needs (`after`). With the Team's
     * keyring the chart is verified by signature, else by its `digest` when given (Helm cannot verify a
     * chart it fetches by digest; `npm run lock -- --check` compares both before deploying).
     */
    release(app: string, args: TeamReleaseArgs, after: readonly pulumi.Resource[] = []): HelmRelease {
        const { keyring, secrets } = this.args;
        return new HelmRelease(
            `${this.name}-${app}`,
            {
                ...args,
                releaseName: args.releaseName ?? `${this.team}-${app}`,
                namespace: this.namespace.namespaceName,
                digest: keyring === undefined ? args.digest : undefined,
                values: releaseValues(args.values ?? {}, secrets ?? {}),
                keyring,
            },
            { parent: this, provider: this.installerProvider, dependsOn: [...this.namespace.ready, ...after], aliases: this.moved() },
        );
    }

    /**
     * A release's opt-in to scraping: a ServiceMonitor (component child `<Team>-<app>-monitor`) in the
     * team's namespace selecting the release's Services, created by the platform (it needs the monitoring
     * CRDs, `after`).
     */
    serviceMonitor(app: string, args: ServiceMonitorArgs, after: readonly pulumi.Resource[]): k8s.apiextensions.CustomResource {
        const release = args.releaseName ?? `${this.team}-${app}`;
        return new k8s.apiextensions.CustomResource(
            `${this.name}-${app}-monitor`,
            {
                ...kubernetesKindOf(TYPE.serviceMonitor),
                metadata: { name: release, namespace: this.args.namespace },
                spec: {
                    selector: { matchLabels: { "app.kubernetes.io/instance": release } },
                    endpoints: [{ port: args.port, path: args.path, interval: args.interval }],
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
