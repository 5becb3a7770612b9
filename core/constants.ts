/** Names the platform fixes: each has this one owner, and every layer imports it from here. */

/** Namespace of the platform's monitoring stack on every cluster. */
export const MONITORING_NAMESPACE = "monitoring";

/** OCI path inside the registry under which the platform's charts are pushed. */
export const CHART_REPOSITORY_PATH = "helm-charts";

/** Owner of the platform's own secrets under `helm-platform:secrets`; no team may be called this. */
export const PLATFORM_SECRET_OWNER = "platform";

/** The project's config namespace: keys are written `helm-platform:<key>` in `Pulumi.<stack>.yaml`. */
export const CONFIG_NAMESPACE = "helm-platform";

/** Label of every object the platform manages (`app.kubernetes.io/managed-by`). */
export const MANAGED_BY = "helm-platform";
