import { didYouMean, problemAt } from "../base/problems";
import type { CheckOf } from "./check";

export const ingressFromTeam: CheckOf<"teams"> = {
    id: "ingress-from-team",
    stage: "teams",
    checks: "ingress is admitted from another team that has a tenant file",
    run: ({ tenants, tenantFileTeams }) => {
        const teams = new Set(tenants.map((t) => t.data.team));
        return tenants.flatMap(({ yaml, data }) =>
            (data.network?.ingress ?? []).flatMap((rule, i) => {
                const path = ["network", "ingress", i, "team"];
                if (rule.team === data.team) {
                    return [problemAt(yaml, path, "a team's own pods always reach each other", "remove this allowance")];
                }
                return !teams.has(rule.team) && !tenantFileTeams.has(rule.team)
                    ? [
                          problemAt(
                              yaml,
                              path,
                              `no tenant file declares team "${rule.team}"`,
                              didYouMean(rule.team, [...teams], "name a team from tenants/"),
                          ),
                      ]
                    : [];
            }),
        );
    },
};
