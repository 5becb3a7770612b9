import * as assert from "node:assert/strict";
import * as k8s from "@pulumi/kubernetes";
import { HelmRelease, type HelmReleaseArgs, RELEASE_DEFAULTS } from "../../../components";
import { runComponents } from "../../helpers";

/** The Helm release a HelmRelease `web` registers with a chart, a version, a namespace and `more`. */
async function releaseWith(more: Partial<HelmReleaseArgs> = {}): Promise<Record<string, unknown>> {
    const run = await runComponents(() => {
        const provider = new k8s.Provider("c-k8s", { kubeconfig: "unused" });
        new HelmRelease(
            "web",
            { chart: "oci://acr.azurecr.io/helm-charts/web/web", version: "2.0.1", namespace: "web", ...more },
            { provider },
        );
    });
    return run.one("kubernetes:helm.sh/v3:Release").inputs;
}

describe("HelmRelease defaults", () => {
    it("GIVEN only a chart, a version and a namespace WHEN the release is created THEN it is named after the component, atomic, bounded and unverified, with the chart's own values", async () => {
        const { name, values, atomic, cleanupOnFail, timeout, maxHistory, skipCrds, verify, createNamespace, repositoryOpts } =
            await releaseWith();
        assert.deepEqual(RELEASE_DEFAULTS, { atomic: true, timeoutSeconds: 600, maxHistory: 10 }, "the production profile's policy");
        assert.deepEqual(
            { name, values, atomic, cleanupOnFail, timeout, maxHistory, skipCrds, verify, createNamespace, repositoryOpts },
            {
                name: "web",
                values: {},
                atomic: true,
                cleanupOnFail: true,
                timeout: 600,
                maxHistory: 10,
                skipCrds: false,
                verify: false,
                createNamespace: false,
                repositoryOpts: undefined,
            },
        );
    });

    it("GIVEN explicit args WHEN the release is created THEN each one wins over its default", async () => {
        const inputs = await releaseWith({
            releaseName: "web-frontend",
            values: { replicaCount: 3 },
            atomic: false,
            timeoutSeconds: 120,
            maxHistory: 3,
            skipCrds: true,
            keyring: "keys/charts.pubring.gpg",
        });
        const { name, values, atomic, timeout, maxHistory, skipCrds, verify, keyring } = inputs;
        assert.deepEqual(
            { name, values, atomic, timeout, maxHistory, skipCrds, verify, keyring },
            {
                name: "web-frontend",
                values: { replicaCount: 3 },
                atomic: false,
                timeout: 120,
                maxHistory: 3,
                skipCrds: true,
                verify: true,
                keyring: "keys/charts.pubring.gpg",
            },
        );
    });

    it("GIVEN a component name Helm would refuse as a release name WHEN no release name is given THEN the defaulted name is rejected", () => {
        assert.throws(
            () => new HelmRelease("Web_App", { chart: "oci://r/c", version: "1.0.0", namespace: "web" }),
            /invalid release Web_App: releaseName: must be a DNS-1123 label/,
        );
    });
});
