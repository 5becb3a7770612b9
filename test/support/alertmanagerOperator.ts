import type { Values } from "../../core/values/merge";

/** An AlertmanagerConfig object (`monitoring.coreos.com/v1alpha1`) as the operator selects it. */
export interface AlertmanagerConfigObject {
    readonly namespace: string;
    readonly name: string;
    readonly spec: Values;
}

type Route = {
    receiver?: string;
    groupBy?: string[];
    matchers?: { name: string; value: string; matchType?: string }[];
    continue?: boolean;
};
type SlackConfig = { channel?: string; sendResolved?: boolean; title?: string; text?: string; apiURL?: { name: string; key: string } };
type Receiver = { name: string; slackConfigs?: SlackConfig[] };

/**
 * The Alertmanager configuration the Prometheus operator writes from the chart's configuration and the
 * AlertmanagerConfig objects it selects, with the `OnNamespace` matcher strategy, as its
 * `ConfigBuilder.AddAlertmanagerConfigs` does (prometheus-operator v0.86.2, pkg/alertmanager/amcfg.go):
 * objects in order of `<namespace>/<name>`; each one's route gets a `namespace="<namespace>"` matcher and
 * `continue: true` and goes before the configuration's own routes; receiver names are prefixed with
 * `<namespace>/<name>/`; a Slack config without `apiURL` keeps none (Alertmanager's global
 * `slack_api_url` applies); `apiURL` is read from a Secret in the object's namespace (`secretValue`).
 * Only the fields the platform writes are converted.
 */
export function operatorConfig(
    base: Values,
    objects: readonly AlertmanagerConfigObject[],
    secretValue: (namespace: string, secret: { name: string; key: string }) => string,
): Values {
    const sorted = [...objects].sort((a, b) => `${a.namespace}/${a.name}`.localeCompare(`${b.namespace}/${b.name}`));
    const prefix = (o: AlertmanagerConfigObject, name: string) => `${o.namespace}/${o.name}/${name}`;
    const routes = sorted.map((o) => {
        const route = o.spec["route"] as Route;
        return {
            receiver: prefix(o, route.receiver ?? ""),
            ...(route.groupBy ? { group_by: route.groupBy } : {}),
            matchers: [...(route.matchers ?? []).map((m) => `${m.name}${m.matchType ?? "="}"${m.value}"`), `namespace="${o.namespace}"`],
            continue: true,
        };
    });
    const receivers = sorted.flatMap((o) =>
        ((o.spec["receivers"] as Receiver[]) ?? []).map((r) => ({
            name: prefix(o, r.name),
            ...(r.slackConfigs
                ? {
                      slack_configs: r.slackConfigs.map((s) => ({
                          ...(s.apiURL ? { api_url: secretValue(o.namespace, s.apiURL) } : {}),
                          channel: s.channel,
                          send_resolved: s.sendResolved,
                          title: s.title,
                          text: s.text,
                      })),
                  }
                : {}),
        })),
    );
    const route = base["route"] as { routes?: unknown[] };
    return {
        ...base,
        route: { ...route, routes: [...routes, ...(route.routes ?? [])] },
        receivers: [...((base["receivers"] as unknown[]) ?? []), ...receivers],
    };
}
