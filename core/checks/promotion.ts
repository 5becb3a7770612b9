import { didYouMean } from "../base/problems";
import { eachGrant, eachRequest, granted } from "./allowances";
import { type CheckOf, settingProblem } from "./check";

export const promotionFrom: CheckOf<"settings"> = {
    id: "promotion-from",
    stage: "settings",
    checks: "an environment is not promoted from itself",
    run: ({ settings, locate }) =>
        settings.promotion?.from === settings.environment
            ? [
                  settingProblem(
                      locate,
                      ["promotion", "from"],
                      "an environment cannot be promoted from itself",
                      "name the environment before this one, or remove helm-platform:promotion",
                  ),
              ]
            : [],
};

export const promotionFromKnown: CheckOf<"environment"> = {
    id: "promotion-from-known",
    stage: "environment",
    checks: "the environment it is promoted from (helm-platform:promotion.from) has a stack file",
    run: ({ environment, environments, locate }) => {
        const from = environment?.promotionFrom;
        return from !== undefined && !environments.includes(from)
            ? [
                  settingProblem(
                      locate,
                      ["promotion", "from"],
                      `unknown environment "${from}"`,
                      didYouMean(from, environments, `environments are: ${environments.join(", ")}`),
                  ),
              ]
            : [];
    },
};

export const promotionExemptionAllowed: CheckOf<"allowances"> = {
    id: "promotion-exemption-allowed",
    stage: "allowances",
    checks: "an app skips the promotion gate only where its team's allowance lists it (promotionExemptions)",
    run: eachRequest(({ tenant, allowance, environment, refuse }) => {
        const exempt = granted(allowance, (e) => e.promotionExemptions);
        return Object.entries(tenant.data.apps).flatMap(([app, spec]) =>
            spec.promotionExemption !== undefined &&
            spec.versions[environment.name] !== undefined &&
            environment.promotionFrom &&
            !exempt.includes(app)
                ? [
                      refuse(
                          ["apps", app, "promotionExemption"],
                          `app ${app} may not skip the promotion gate in ${environment.name}`,
                          `promotionExemptions: [${app}]`,
                      ),
                  ]
                : [],
        );
    }),
};

export const allowanceExemptions: CheckOf<"allowances"> = {
    id: "allowance-exemptions",
    stage: "allowances",
    checks: "an allowance's promotion exemptions name apps the team has",
    run: eachGrant(({ entry, tenant, at }) =>
        (entry.promotionExemptions ?? []).flatMap((app, j) =>
            tenant && !(app in tenant.data.apps)
                ? [
                      at(
                          ["promotionExemptions", j],
                          `team ${tenant.data.team} has no app "${app}"`,
                          `apps are: ${Object.keys(tenant.data.apps).join(", ")}`,
                      ),
                  ]
                : [],
        ),
    ),
};
