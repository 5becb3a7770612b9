import type { TenantFile } from "../config/tenantFiles";
import type { EnvironmentSpec } from "../model/environment";
import type { TeamSpec } from "../model/stackModel";
import { ownedSecret } from "../values/secrets";

/**
 * The tenants with their alert routing: each team's channel, and the webhook it posts through (the
 * team's own secret, or the platform's). For a configuration the checks passed (`alert-webhook`: every
 * channel has a webhook); with monitoring off, no team's alerts are routed.
 * @param tenants the tenant files of `specs`, in the same order
 */
export function withAlertRouting(specs: readonly TeamSpec[], tenants: readonly TenantFile[], environment: EnvironmentSpec): TeamSpec[] {
    if (!environment.monitoring.enabled) {
        return [...specs];
    }
    return specs.map((spec, i) => {
        const alerts = (tenants[i] as TenantFile).data.alerts;
        if (!alerts) {
            return spec;
        }
        const own = alerts.webhookSecret;
        const webhookSecret = own !== undefined ? ownedSecret(spec.team, own) : undefined;
        return { ...spec, alerts: { team: spec.team, namespace: spec.namespace, slackChannel: alerts.slackChannel, webhookSecret } };
    });
}
