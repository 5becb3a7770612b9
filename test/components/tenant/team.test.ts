import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { stacksOf } from "../../../core/load/stacks";
import type { PlanResource } from "../../../core/report/planTypes";
import { urnOf } from "../../../core/report/selection";
import { CLOUD_ONLY_CALLS } from "../../../plan/runPlan";
import { Platform } from "../../../program/platform";
import { load, loadEnvironment, ROOT, runComponents, SAMPLE_SECRETS, sampleTree } from "../../helpers";
import { planWith } from "../../support/planContract";
import { engineUrns, registrations } from "../../support/urns";

/** One stack of prod planned with the real Platform: its resources, and each one's URN and aliases as the engine computes them. */
async function planStackOfProd(stack: string) {
    const captured: pulumi.ResourceTransformationArgs[] = [];
    const run = await runComponents(
        () => {
            pulumi.runtime.registerStackTransformation((args) => {
                captured.push(args);
                return undefined;
            });
            new Platform("prod", { model: load(stack), secrets: SAMPLE_SECRETS });
        },
        { calls: CLOUD_ONLY_CALLS, stack },
    );
    return { stack, resources: run.resources, registered: engineUrns(await registrations(captured), stack, "helm-platform") };
}

/** Every stack of the sample's prod: its foundation and its shards. */
async function planProd() {
    const stacks = [];
    for (const s of stacksOf(sampleTree(), "prod")) {
        stacks.push(await planStackOfProd(s.name));
    }
    return stacks;
}

describe("Team: one component per team and cluster", function () {
    this.timeout(60_000);
    let plans: Awaited<ReturnType<typeof planProd>>;
    before(async () => {
        plans = await planProd();
    });

    it("parents everything of a team on a cluster: its namespace, isolation, RBAC, Azure roles, releases and monitors", () => {
        const resources = plans.flatMap((p) => p.resources);
        const byKey = new Map(resources.map((r) => [`${r.type}::${r.name}`, r]));
        const teamOf = (r: PlanResource): string | undefined => {
            const parent = r.parent ? byKey.get(r.parent) : undefined;
            return !parent ? undefined : parent.type === "helm-platform:tenant:Team" ? parent.name : teamOf(parent);
        };
        for (const tenant of loadEnvironment("prod").teams) {
            const owned = resources.filter((r) => {
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

    it("the plan's URNs (what --team prints as targets) are the engine's, in every stack", () => {
        for (const plan of plans) {
            const planned = planWith({ stack: plan.stack, resources: plan.resources });
            for (const r of plan.resources) {
                const key = `${r.type}::${r.name}`;
                assert.equal(urnOf(planned, key), plan.registered.get(key)?.urn, key);
            }
        }
    });

    it("keeps the identity of every resource that existed before teams had a component, in the one stack that now holds it", () => {
        const before = fs
            .readFileSync(path.join(ROOT, "test/fixtures/urns/prod-before-team.txt"), "utf8")
            .split("\n")
            .filter((l) => l.startsWith("urn:"));
        assert.ok(before.length > 100);
        const moved: string[] = [];
        const gone: string[] = [];
        for (const old of before) {
            const [, , typeChain, name] = old.split("::") as [string, string, string, string];
            let key = `${typeChain.split("$").pop()}::${name}`;
            // `pulumi state move` rewrites the stack in a URN; the rest must be the resource's URN or an alias.
            const there = (stack: string) => old.replace(/^urn:pulumi:prod::/, `urn:pulumi:${stack}::`);
            // A renamed resource (a team's dashboard, now its own) is found by the alias naming its former name.
            const renamed = plans.flatMap((p) =>
                [...p.registered].filter(([, r]) => r.aliases.includes(there(p.stack))).map(([k]) => ({ plan: p, key: k })),
            );
            const byKey = plans.filter((p) => p.registered.has(key));
            const holders = byKey.length > 0 ? byKey : renamed.map((r) => r.plan);
            key = byKey.length > 0 ? key : (renamed[0]?.key ?? key);
            if (holders.length === 0) {
                gone.push(key);
                continue;
            }
            const keeping = holders.filter((h) => {
                const now = h.registered.get(key) as { urn: string; aliases: string[] };
                return now.urn === there(h.stack) || now.aliases.includes(there(h.stack));
            });
            // Registered by every stack, holding nothing in the cloud: the root component each stack's
            // resources hang under, and the Kubernetes providers (each shard reads its own credentials).
            const everywhere = key.startsWith("pulumi:providers:") || key.startsWith("helm-platform:index:Platform::");
            assert.ok(keeping.length >= 1, `${key}: no stack keeps it under its URN or an alias; Pulumi would replace it`);
            assert.ok(
                everywhere || (holders.length === 1 && keeping.length === 1),
                `${key} is registered by ${holders.map((h) => h.stack).join(", ")}`,
            );
            const { stack, registered } = keeping[0] as (typeof plans)[number];
            const now = registered.get(key) as { urn: string; aliases: string[] };
            if (now.urn !== there(stack)) {
                moved.push(key);
            }
        }
        // Gone on purpose: the ServiceAccount a team's CI once used (a long-lived token) and its binding,
        // replaced by the team's Entra CI identity; the scrape allowance of teams that declare no metrics port
        // (Prometheus is admitted on declared ports only); and the registry-wide AcrPush of the chart
        // publisher, replaced by per-path publishing rights. Nothing else is deleted.
        assert.deepEqual(gone.map((key) => key.replace(/::prod-(weu|neu)-/, "::")).sort(), [
            "azure-native:authorization:RoleAssignment::prod-registry-ci-0-push",
            "kubernetes:core/v1:ServiceAccount::fintech-serviceaccount-fintech-deployer",
            "kubernetes:core/v1:ServiceAccount::fintech-serviceaccount-fintech-deployer",
            "kubernetes:networking.k8s.io/v1:NetworkPolicy::data-networkpolicy-allow-monitoring-scrape",
            "kubernetes:networking.k8s.io/v1:NetworkPolicy::data-networkpolicy-allow-monitoring-scrape",
            "kubernetes:networking.k8s.io/v1:NetworkPolicy::retail-networkpolicy-allow-monitoring-scrape",
            "kubernetes:networking.k8s.io/v1:NetworkPolicy::retail-networkpolicy-allow-monitoring-scrape",
            "kubernetes:rbac.authorization.k8s.io/v1:RoleBinding::fintech-rolebinding-fintech-deployer-operate",
            "kubernetes:rbac.authorization.k8s.io/v1:RoleBinding::fintech-rolebinding-fintech-deployer-operate",
        ]);
        // The moved ones are exactly the team's: nothing else changed its URN.
        assert.ok(moved.length > 50);
        const registeredUrn = (key: string) => plans.find((p) => p.registered.has(key))?.registered.get(key)?.urn ?? "";
        assert.ok(
            moved.every((key) => registeredUrn(key).includes("helm-platform:tenant:Team$")),
            moved.join("\n"),
        );
    });
});
