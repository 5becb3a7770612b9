/** Names and markers the platform fixes: each has this one owner, and every layer imports it from here. */

/** Namespace of the platform's monitoring stack on every cluster. */
export const MONITORING_NAMESPACE = "monitoring";

/** Release name of kube-prometheus-stack on every cluster (its Prometheus is `<release>-prometheus`). */
export const MONITORING_STACK_RELEASE = "kube-prometheus-stack";

/**
 * Labels the Prometheus operator puts on the pods of kube-prometheus-stack's Prometheus (named
 * `<release>-prometheus`): what tenant network policies admit for scraping, and the view's peer Service selects.
 */
export const PROMETHEUS_POD_LABELS: Readonly<Record<string, string>> = {
    "app.kubernetes.io/name": "prometheus",
    prometheus: `${MONITORING_STACK_RELEASE}-prometheus`,
};

/** OCI path inside the registry under which every chart is pushed, one folder per owner (see chartPaths.ts). */
export const CHART_REPOSITORY_PATH = "helm-charts";

/** Owner of the platform's own secrets under `helm-platform:secrets`; no team may be called this. */
export const PLATFORM_SECRET_OWNER = "platform";

/** The Pulumi project (`Pulumi.yaml` `name`): the second part of every URN. */
export const PROJECT = "helm-platform";

/** The project's config namespace (Pulumi's default: the project's name): keys are `helm-platform:<key>` in `Pulumi.<stack>.yaml`. */
export const CONFIG_NAMESPACE = PROJECT;

/** The command that sets one owner's secret in the current stack (the value is the user's to give). */
export const setSecretCommand = (owner: string, name: string, value = "<value>") =>
    `pulumi config set --secret --path '${CONFIG_NAMESPACE}:secrets.${owner}.${name}' ${value}`;

/** Value of the label every object the platform manages carries. */
export const MANAGED_BY = "helm-platform";
/** The label that says who manages an object. */
export const MANAGED_BY_LABEL = "app.kubernetes.io/managed-by";
/** The label of every tenant namespace: its team. What admission policies and the monitoring stack select tenant namespaces by. */
export const TEAM_NAMESPACE_LABEL = "helm-platform/team";

/** Written in place of a secret value, everywhere the plan writes. */
export const SECRET = "[secret]";
/** Written in place of a value only the cloud knows (an ID, a generated name, credentials). */
export const UNKNOWN = "[unknown]";
