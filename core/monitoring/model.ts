import type { Problem } from "../base/problems";
import type { SourceTree } from "../base/sourceTree";
import type { EnvironmentSpec } from "../model/environment";
import type { MonitoringSpec } from "../model/monitoring";
import type { ValuesReader } from "../values/hierarchy";
import { isMap, type MergedValues, type Values, withLayer } from "../values/merge";
import { parseYamlFile } from "../yaml/yamlFile";
import { monitoringReleases } from "./releases";
import { environmentView, environmentViewValues, injectedStackValues, peerAddressRef } from "./stackValues";

/** Where alert rules and dashboards live in the repository. */
export const MONITORING_DIR = { alerts: "monitoring/alerts", dashboards: "monitoring/dashboards" };

/** The team dashboard, delivered once per team with its namespace fixed. */
export const TEAM_DASHBOARD = "team-releases.json";

/** Where the environment view's own values come from, in provenance. */
export const VIEW_SOURCE = "(environment view)";

/** Values files of kube-prometheus-stack, lowest precedence first. */
export const monitoringValuesFiles = (environment: string) => ["values/monitoring/common.yaml", `values/monitoring/${environment}.yaml`];

/**
 * Reads the alert rules and dashboards and merges each cluster's values: the platform's, then the files,
 * then, on the view cluster, the federation of its peers and their Grafana data sources (which add to
 * the scrape jobs the layers below left).
 */
export function loadMonitoring(tree: SourceTree, environment: EnvironmentSpec, reader: ValuesReader, problems: Problem[]): MonitoringSpec {
    const view = environmentView(environment);
    const stackValues: Record<string, MergedValues> = {};
    for (const cluster of environment.clusters) {
        const merged = reader.merge(monitoringValuesFiles(environment.name), injectedStackValues(environment, cluster));
        stackValues[cluster.name] =
            view?.cluster === cluster.name
                ? withLayer(merged, {
                      source: VIEW_SOURCE,
                      values: environmentViewValues(
                          view.peers.map((peer) => ({ cluster: peer, address: peerAddressRef(peer) })),
                          scrapeJobsOf(merged.values),
                      ),
                  })
                : { values: merged.values, sources: merged.sources };
    }
    const releases = environment.clusters.flatMap((c) => monitoringReleases(c.name, stackValues[c.name] as MergedValues, environment));
    return {
        stackValues,
        releases,
        view,
        rules: { groups: readRuleGroups(tree, problems) },
        dashboards: readDashboards(tree, problems),
    };
}

/** The team dashboard with its team variable fixed to the team's namespace, and its own title and uid. */
export function teamDashboard(template: string, team: { readonly team: string; readonly namespace: string }): string {
    const dashboard = JSON.parse(template) as { title: string; uid: string; templating: { list: { name: string; query?: string }[] } };
    dashboard.title = `Team ${team.team}: releases`;
    dashboard.uid = `helm-platform-team-${team.team}`;
    for (const variable of dashboard.templating.list.filter((v) => v.name === "team")) {
        variable.query = team.namespace;
    }
    return JSON.stringify(dashboard, null, 2);
}

/** The scrape jobs merged values already hold, which the environment view adds to. */
function scrapeJobsOf(values: Values): unknown[] {
    const prometheus = isMap(values["prometheus"]) ? values["prometheus"] : {};
    const spec = isMap(prometheus["prometheusSpec"]) ? prometheus["prometheusSpec"] : {};
    return Array.isArray(spec["additionalScrapeConfigs"]) ? spec["additionalScrapeConfigs"] : [];
}

function readRuleGroups(tree: SourceTree, problems: Problem[]): Values[] {
    return tree.list(MONITORING_DIR.alerts).flatMap((name) => {
        const file = `${MONITORING_DIR.alerts}/${name}`;
        const parsed = parseYamlFile(file, tree.read(file) ?? "");
        if (!parsed.ok) {
            problems.push(...parsed.problems);
            return [];
        }
        const groups = isMap(parsed.yaml.data) ? parsed.yaml.data["groups"] : undefined;
        if (!Array.isArray(groups)) {
            problems.push({
                file,
                line: 1,
                path: "groups",
                message: "an alerts file holds a list of rule groups under groups:",
                hint: "write groups: [{name: ..., rules: [...]}], as in a PrometheusRule's spec",
            });
            return [];
        }
        return groups as Values[];
    });
}

function readDashboards(tree: SourceTree, problems: Problem[]): Record<string, string> {
    const dashboards: Record<string, string> = {};
    for (const name of tree.list(MONITORING_DIR.dashboards)) {
        const file = `${MONITORING_DIR.dashboards}/${name}`;
        const text = tree.read(file) ?? "";
        try {
            JSON.parse(text);
            dashboards[name] = text;
        } catch (e) {
            problems.push({
                file,
                path: "",
                message: `is not valid JSON: ${(e as Error).message}`,
                hint: "export the dashboard from Grafana again (Share, Export, Save to file)",
            });
        }
    }
    return dashboards;
}
