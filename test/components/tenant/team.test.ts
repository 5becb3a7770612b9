import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { Platform } from "../../../components";
import type { Plan, PlanResource } from "../../../core/report/planTypes";
import { urnOf } from "../../../core/report/selection";
import { CLOUD_ONLY_CALLS } from "../../../plan/runPlan";
import { load, ROOT, runComponents, SAMPLE_SECRETS } from "../../helpers";
import { engineUrns, registrations } from "../../support/urns";

/** Plans prod with the real Platform; its resources, and each one's URN and aliases as the engine computes them. */
async function planProd() {
    const captured: pulumi.ResourceTransformationArgs[] = [];
    const run = await runComponents(
        () => {
            pulumi.runtime.registerStackTransformation((args) => {
                captured.push(args);
                return undefined;
            });
            new Platform("prod", { model: load("prod"), secrets: SAMPLE_SECRETS });
        },
        { calls: CLOUD_ONLY_CALLS, stack: "prod" },
    );
    return { resources: run.resources, registered: engineUrns(await registrations(captured), "prod", "helm-platform") };
}

describe("Team: one component per team and cluster", function () {
    this.timeout(60_000);
    let plan: Awaited<ReturnType<typeof planProd>>;
    before(async () => {
        plan = await planProd();
    });

    it("parents everything of a team on a cluster: its namespace, isolation, RBAC, Azure roles, releases and monitors", () => {
        const byKey = new Map(plan.resources.map((r) => [`${r.type}::${r.name}`, r]));
        const teamOf = (r: PlanResource): string | undefined => {
            const parent = r.parent ? byKey.get(r.parent) : undefined;
            return !parent ? undefined : parent.type === "helm-platform:tenant:Team" ? parent.name : teamOf(parent);
        };
        for (const tenant of load("prod").tenants) {
            const owned = plan.resources.filter((r) => {
                const metadata = r.inputs["metadata"] as { name?: string; namespace?: string } | undefined;
                const inNamespace =
                    metadata?.namespace === tenant.namespace ||
                    (r.type === "kubernetes:core/v1:Namespace" && metadata?.name === tenant.namespace);
                const release = r.type === "kubernetes:helm.sh/v3:Release" && r.inputs["namespace"] === tenant.namespace;
                return inNamespace || release;
            });
            assert.ok(owned.length > 20, tenant.team);
            for (const r of owned) {
                const team = teamOf(r);
                assert.ok(team?.endsWith(`-${tenant.team}`), `${r.type}::${r.name} is not under ${tenant.team}'s Team (${team})`);
            }
        }
    });

    it("the plan's URNs (what --team prints as targets) are the engine's", () => {
        const planned = { stack: "prod", resources: plan.resources } as unknown as Plan;
        for (const r of plan.resources) {
            const key = `${r.type}::${r.name}`;
            assert.equal(urnOf(planned, key), plan.registered.get(key)?.urn, key);
        }
    });

    it("keeps the identity of every resource that existed before teams had a component: its old URN is its URN or an alias", () => {
        const before = fs
            .readFileSync(path.join(ROOT, "test/fixtures/urns/prod-before-team.txt"), "utf8")
            .split("\n")
            .filter((l) => l.startsWith("urn:"));
        assert.ok(before.length > 100);
        const moved: string[] = [];
        const gone: string[] = [];
        for (const old of before) {
            const [, , typeChain, name] = old.split("::") as [string, string, string, string];
            const key = `${typeChain.split("$").pop()}::${name}`;
            const now = plan.registered.get(key);
            if (!now) {
                gone.push(key);
                continue;
            }
            assert.ok(
                now.urn === old || now.aliases.includes(old),
                `${key}: ${old} is neither its URN (${now.urn}) nor an alias; Pulumi would replace it`,
            );
            if (now.urn !== old) {
                moved.push(key);
            }
        }
        // Gone on purpose: the ServiceAccount a team's CI once used (a long-lived token) and its binding,
        // replaced by the team's Entra CI identity; and the registry-wide AcrPush of the chart publisher,
        // replaced by per-path publishing rights. Nothing else is deleted.
        assert.deepEqual(gone.map((key) => key.replace(/::prod-(weu|neu)-/, "::")).sort(), [
            "azure-native:authorization:RoleAssignment::prod-registry-ci-0-push",
            "kubernetes:core/v1:ServiceAccount::fintech-serviceaccount-fintech-deployer",
            "kubernetes:core/v1:ServiceAccount::fintech-serviceaccount-fintech-deployer",
            "kubernetes:rbac.authorization.k8s.io/v1:RoleBinding::fintech-rolebinding-fintech-deployer-operate",
            "kubernetes:rbac.authorization.k8s.io/v1:RoleBinding::fintech-rolebinding-fintech-deployer-operate",
        ]);
        // The moved ones are exactly the team's: nothing else changed its URN.
        assert.ok(moved.length > 50);
        assert.ok(
            moved.every((key) => plan.registered.get(key)?.urn.includes("helm-platform:tenant:Team$")),
            moved.join("\n"),
        );
    });
});
