import * as assert from "node:assert/strict";
import { accessReport, PLATFORM_IDENTITY } from "../../../core/report/access";
import { planWith, planResource as resource } from "../../support/planContract";

const TEAM = "helm-platform:tenant:Team::prod-weu-fintech";
const INSTALLER = "system:serviceaccount:fintech:helm-installer";

/** A team release installed through its Team's provider, a platform release through the platform's, and the installer's binding. */
const plan = planWith({
    resources: [
        resource("helm-platform:index:Platform", "prod", null),
        resource("pulumi:providers:kubernetes", "prod-weu-k8s", "helm-platform:index:Platform::prod", { clusterIdentifier: "prod/weu" }),
        // The component's own inputs are its state; the access report reads the inventory.
        resource("helm-platform:tenant:Team", "prod-weu-fintech", "helm-platform:index:Platform::prod", { installer: "not-read" }),
        resource("pulumi:providers:kubernetes", "prod-weu-fintech-installer", TEAM, { clusterIdentifier: "prod/weu" }),
        resource(
            "kubernetes:rbac.authorization.k8s.io/v1:RoleBinding",
            "prod-weu-fintech-installer-binding",
            TEAM,
            {
                metadata: { name: "helm-installer", namespace: "fintech" },
                roleRef: { kind: "Role", name: "tenant-installer" },
                subjects: [{ kind: "ServiceAccount", name: "helm-installer", namespace: "fintech" }],
            },
            "pulumi:providers:kubernetes::prod-weu-k8s",
        ),
        resource(
            "kubernetes:helm.sh/v3:Release",
            "prod-weu-fintech-api-release",
            TEAM,
            { name: "fintech-api", namespace: "fintech" },
            "pulumi:providers:kubernetes::prod-weu-fintech-installer",
        ),
        resource(
            "kubernetes:helm.sh/v3:Release",
            "prod-weu-monitoring-release",
            "helm-platform:index:Platform::prod",
            { name: "fintech-api", namespace: "monitoring" },
            "pulumi:providers:kubernetes::prod-weu-k8s",
        ),
    ],
    releases: [
        { cluster: "weu", namespace: "fintech", name: "fintech-api", chart: "c", version: "1.0.0", values: {}, sources: {} },
        { cluster: "weu", namespace: "monitoring", name: "fintech-api", chart: "c", version: "1.0.0", values: {}, sources: {} },
    ],
    inventory: { teams: [{ team: "fintech", cluster: "weu", namespace: "fintech", component: TEAM, installer: INSTALLER }], shards: [] },
});

describe("who installs each release (core/report/access)", () => {
    it("GIVEN a release installed through its Team's provider THEN it installs as the inventory's installer, with that subject's reach", () => {
        const { installers } = accessReport(plan, []);
        assert.deepEqual(installers[0], {
            cluster: "weu",
            namespace: "fintech",
            release: "fintech-api",
            subject: INSTALLER,
            grantedIn: ["fintech"],
            clusterScoped: false,
        });
    });

    it("GIVEN a release installed through a provider of no team THEN it installs as the platform's own identity, cluster-wide", () => {
        const { installers } = accessReport(plan, []);
        assert.deepEqual(installers[1], {
            cluster: "weu",
            namespace: "monitoring",
            release: "fintech-api",
            subject: PLATFORM_IDENTITY,
            grantedIn: ["*"],
            clusterScoped: true,
        });
        assert.equal(installers.length, 2);
    });
});
