import { chartKey, chartOf } from "../base/chartPaths";
import { PROFILES } from "../config/profiles";
import { eachGrant, eachRequest, granted } from "./allowances";
import { type CheckOf, settingProblem } from "./check";

export const chartKeyringRequired: CheckOf<"settings"> = {
    id: "chart-keyring-required",
    stage: "settings",
    checks: "where the profile requires verified charts (production), a keyring of the chart signers is configured",
    run: ({ settings, locate }) =>
        PROFILES[settings.profile].chartVerification === "required" && !settings.charts.keyring
            ? [
                  settingProblem(
                      locate,
                      ["charts", "keyring"],
                      `the ${settings.profile} profile requires verified charts, and no keyring is configured`,
                      "set helm-platform:charts.keyring to the signers' public keyring (gpg --export > keys/charts.pubring.gpg)",
                  ),
              ]
            : [],
};

export const chartKeyringPresent: CheckOf<"environment"> = {
    id: "chart-keyring-present",
    stage: "environment",
    checks: "a keyring named by a repository path is committed there (an absolute path is the deploying machine's)",
    run: ({ tree, environment, locate }) => {
        const keyring = environment?.charts.keyring;
        const inRepository = keyring !== undefined && !keyring.startsWith("/") && !keyring.startsWith("~");
        // A refused entry is reported as that, not as absent.
        return inRepository && tree.read(keyring) === undefined && !tree.refused().some((r) => r.path === keyring)
            ? [
                  settingProblem(
                      locate,
                      ["charts", "keyring"],
                      `keyring "${keyring}" is not in the repository`,
                      "commit the public keyring there, or give an absolute path on the deploying machine",
                  ),
              ]
            : [];
    },
};

export const foreignChartAllowed: CheckOf<"allowances"> = {
    id: "foreign-chart-allowed",
    stage: "allowances",
    checks: "an app that runs here installs another team's chart (<team>/<chart>) only where its team's allowance lists it (charts:)",
    run: eachRequest(({ tenant, allowance, environment, refuse }) => {
        const { data } = tenant;
        const allowed = new Set(granted(allowance, (e) => e.charts));
        return Object.entries(data.apps).flatMap(([app, spec]) => {
            const chart = chartOf(data.team, spec.chart);
            if (spec.versions[environment.name] === undefined || chart.owner === data.team || allowed.has(chartKey(chart))) {
                return [];
            }
            return [
                refuse(
                    ["apps", app, "chart"],
                    `app ${app} installs team ${chart.owner}'s chart ${chart.chart}, which team ${data.team} is not allowed to use in ${environment.name}`,
                    `charts: [${chartKey(chart)}]`,
                ),
            ];
        });
    }),
};

export const allowanceCharts: CheckOf<"allowances"> = {
    id: "allowance-charts",
    stage: "allowances",
    checks: "an allowance's charts are charts of teams that have a tenant file",
    run: eachGrant(({ entry, at }, { tenantFileTeams }) =>
        (entry.charts ?? []).flatMap((chart, j) =>
            tenantFileTeams.has(chart.split("/")[0] as string)
                ? []
                : [
                      at(
                          ["charts", j],
                          `no tenant file declares team "${chart.split("/")[0]}", whose chart this would be`,
                          "name a chart as <team>/<chart> of a team in tenants/",
                      ),
                  ],
        ),
    ),
};
