import * as assert from "node:assert/strict";
import * as alerts from "../../../core/checks/alerts";
import { alertWebhook } from "../../../core/checks/alerts";
import type { EnvironmentSpec } from "../../../core/model/environment";
import { firingTests } from "./brokenSamples";
import { formatted, sampleStage, smallEnvironment, tenant } from "./stages";

describe("alert-webhook: a team's alert channel has a Slack webhook to post through", () => {
    const dev = () => sampleStage("dev", "releases");
    const secure = "\n        secure: v1:c2FtcGxlLW5vbmNl:c2FtcGxlLWNpcGhlcnRleHQ=\n";
    const platformSlack = "    slack:\n      channel: '#platform-alerts'\n      webhookSecret: slack-webhook-url\n";
    /** An environment with monitoring on, the platform's Slack channel or not, and team retail's secret `retail-hook`. */
    const monitored = (slack: string) =>
        smallEnvironment(`  helm-platform:secrets:\n    retail:\n      retail-hook:${secure}`, {
            monitoring: `    enabled: true\n${slack}`,
        });
    /** Team retail's alerts to its channel, with `own` as its webhook secret. */
    const alerting = (own?: string) =>
        tenant("retail", `alerts:\n  slackChannel: "#retail-oncall"\n${own === undefined ? "" : `  webhookSecret: ${own}\n`}`);
    const run = (environment: EnvironmentSpec, team = alerting()) => alertWebhook.run({ ...dev(), environment, stackTenants: [team] });

    it("GIVEN the platform's webhook, or the team's own configured THEN nothing", () => {
        assert.deepEqual(run(monitored(platformSlack)), []);
        assert.deepEqual(run(monitored(""), alerting("retail-hook")), []);
    });

    it("GIVEN no webhook of the team's and none of the platform's THEN it is reported at the channel", () => {
        assert.deepEqual(formatted(run(monitored(""))), [
            "tenants/retail.yaml:6: alerts.slackChannel: dev has no Slack webhook for this channel " +
                "Fix: set alerts.webhookSecret, or helm-platform:monitoring.slack in the stack",
        ]);
    });

    it("GIVEN the team's own secret not configured THEN it is reported at the secret, even with the platform's webhook", () => {
        assert.deepEqual(formatted(run(monitored(platformSlack), alerting("retail-webhook"))), [
            'tenants/retail.yaml:7: alerts.webhookSecret: secret "retail-webhook" is not configured for team retail in dev ' +
                "Fix: pulumi config set --secret --path 'helm-platform:secrets.retail.retail-webhook' <url>",
        ]);
    });

    it("GIVEN the secret configured for another team only THEN it is not the team's", () => {
        const other = smallEnvironment(`  helm-platform:secrets:\n    fintech:\n      retail-hook:${secure}`, {
            monitoring: "    enabled: true\n",
        });
        assert.equal(run(other, alerting("retail-hook")).length, 1);
    });

    it("GIVEN monitoring off, or a team without alerts THEN nothing", () => {
        assert.deepEqual(run(smallEnvironment()), []);
        assert.deepEqual(alertWebhook.run({ ...dev(), environment: monitored(""), stackTenants: [tenant("retail")] }), []);
    });
});

describe("alert-webhook in the loader", () => {
    firingTests(alerts, {
        "alert-webhook": {
            stack: "dev",
            changes: {
                "tenants/retail.yaml": [
                    '  slackChannel: "#retail-oncall"\n',
                    '  slackChannel: "#retail-oncall"\n  webhookSecret: retail-hook\n',
                ],
            },
            reports: 'secret "retail-hook" is not configured for team retail in dev',
        },
    });
});
