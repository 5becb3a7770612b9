import { setSecretCommand } from "../base/constants";
import { problemAt } from "../base/problems";
import type { CheckOf } from "./check";

export const alertWebhook: CheckOf<"releases"> = {
    id: "alert-webhook",
    stage: "releases",
    checks: "a team's alert channel has a Slack webhook to post through: its own secret, configured for it, or the platform's",
    run: ({ stackTenants, environment }) => {
        if (!environment.monitoring.enabled) {
            return [];
        }
        const platformWebhook = environment.monitoring.slack?.webhookSecret;
        return stackTenants.flatMap(({ yaml, data }) => {
            if (!data.alerts) {
                return [];
            }
            const own = data.alerts.webhookSecret;
            const path = ["alerts", own ? "webhookSecret" : "slackChannel"];
            if (own === undefined && platformWebhook === undefined) {
                return [
                    problemAt(
                        yaml,
                        path,
                        `${environment.name} has no Slack webhook for this channel`,
                        "set alerts.webhookSecret, or helm-platform:monitoring.slack in the stack",
                    ),
                ];
            }
            return own !== undefined && !(environment.secrets[data.team] ?? []).includes(own)
                ? [
                      problemAt(
                          yaml,
                          path,
                          `secret "${own}" is not configured for team ${data.team} in ${environment.name}`,
                          setSecretCommand(data.team, own, "<url>"),
                      ),
                  ]
                : [];
        });
    },
};
