import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { alertmanagerConfig } from "../../../core/monitoring/stackValues";
import { runTool, scratch } from "../../support/prometheus";

/** The Slack title and text every receiver posts, as the platform configures Alertmanager. */
function slackTemplates(): { title: string; text: string } {
    const config = alertmanagerConfig({ channel: "#platform", webhookSecret: "slack-webhook-url" }) as {
        receivers: { slack_configs?: { title: string; text: string }[] }[];
    };
    const slack = config.receivers.flatMap((r) => r.slack_configs ?? []);
    assert.ok(slack.length > 0);
    return slack[0] as { title: string; text: string };
}

/** A template rendered by Alertmanager's own template engine (amtool), with `data` as the notification. */
async function render(template: string, data: unknown): Promise<string> {
    const dir = scratch("slack");
    const file = path.join(dir, "data.json");
    fs.writeFileSync(file, JSON.stringify(data));
    const { code, stdout, output } = await runTool("amtool", [
        "template",
        "render",
        "--template.glob=/dev/null",
        `--template.data=${file}`,
        `--template.text=${template}`,
    ]);
    assert.equal(code, 0, output);
    return stdout;
}

describe("Slack notifications of tenant alerts (Alertmanager templates, rendered by amtool)", () => {
    // A tenant's PrometheusRule chooses its alert's name and annotations.
    const hostile = "<!channel> <@U024BE7LH> <https://evil.example|click here> & more";
    const notification = {
        status: "firing",
        commonLabels: { alertname: hostile, cluster: "weu" },
        alerts: [{ status: "firing", labels: { alertname: hostile }, annotations: { summary: hostile } }],
    };

    it("GIVEN an alert whose name and summary write Slack's <!channel>, <@user> and <url|link> THEN Slack receives them as text", async () => {
        const { title, text } = slackTemplates();
        const escaped = "&lt;!channel&gt; &lt;@U024BE7LH&gt; &lt;https://evil.example|click here&gt; &amp; more";
        assert.equal(await render(title, notification), `[FIRING] ${escaped} (weu)`);
        assert.equal(await render(text, notification), `${escaped}\n`);
    });
});
