import * as assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import type { ExistingClusterSpec, ManagedClusterSpec } from "../../core/model/environment";
import type { TeamSpec } from "../../core/model/stackModel";
import {
    aksClusterArgs,
    chartRegistryArgs,
    clusterRelease,
    environmentTags,
    existingClusterArgs,
    sharedClusterArgs,
    teamArgs,
    teamCiIdentityArgs,
    teamsOnCluster,
    tenantNamespaceArgs,
} from "../../program/props";
import { release, SHOP, shopModel, tenant, WEU } from "../support/smallModel";

/** What an Output holds once known. */
const known = <T>(output: pulumi.OutputInstance<T>): Promise<T> => new Promise((resolve) => output.apply(resolve));
const SECRETS = { fintech: { "db-password": "hunter2" }, retail: { "api-key": "k" }, platform: { "slack-webhook-url": "u" } };
const noCi = { ci: new Map(), secrets: SECRETS };

describe("the model → component args (program/props.ts)", () => {
    it("GIVEN an environment THEN everything it creates is tagged as the platform's, with the environment", () => {
        assert.deepEqual(environmentTags(SHOP), { "managed-by": "helm-platform", environment: "shop" });
    });

    describe("a tenant's namespace and team", () => {
        it("GIVEN a tenant THEN its namespace gets every isolation setting the model holds, and the CI identity given", () => {
            const fintech = tenant("fintech", {
                viewerGroupObjectIds: ["viewers"],
                egress: [{ description: "the bank", cidr: "203.0.113.0/24", ports: [{ port: 443, protocol: "TCP" }] }],
                ingressNamespace: "ingress-nginx",
                monitoringNamespace: "monitoring",
                metricsPorts: ["metrics"],
                exposure: { serviceTypes: ["LoadBalancer"], ingressDomains: ["pay.example"] },
                admissionExceptions: [{ policy: "host-ports", reason: "legacy" } as never],
            });
            const args = tenantNamespaceArgs(fintech, SHOP, "ci-object-id");
            const { podSecurity: _, retainOnDelete, ciPrincipalId, environment, ...rest } = args;
            assert.deepEqual([retainOnDelete, ciPrincipalId, environment], [false, "ci-object-id", "shop"]);
            assert.deepEqual(Object.keys(rest).sort(), [
                "admissionExceptions",
                "egress",
                "exposure",
                "ingressFrom",
                "ingressNamespace",
                "limits",
                "metricsPorts",
                "monitoringNamespace",
                "namespace",
                "ownerGroupObjectIds",
                "quota",
                "team",
                "viewerGroupObjectIds",
            ]);
            for (const key of Object.keys(rest) as (keyof typeof rest & keyof TeamSpec)[]) {
                assert.deepEqual(rest[key], fintech[key], key);
            }
        });

        it("GIVEN a weaker Pod Security level asked for THEN the namespace gets the levels and the reason, not the request", () => {
            const requested = {
                enforce: "privileged",
                reason: "node exporter",
                at: { file: "tenants/ops.yaml", line: 3, path: "podSecurity" },
            } as const;
            const ops = tenant("ops", {
                podSecurity: { enforce: "privileged", warn: "baseline", audit: "baseline", requested, exceptionReason: "node exporter" },
            });
            assert.deepEqual(tenantNamespaceArgs(ops, SHOP, undefined).podSecurity, {
                enforce: "privileged",
                warn: "baseline",
                audit: "baseline",
                exceptionReason: "node exporter",
            });
        });

        it("GIVEN an environment that keeps tenant namespaces THEN a namespace is retained on delete, and a team's is too", () => {
            const keeping = { ...SHOP, retainTenantNamespaces: true };
            assert.equal(tenantNamespaceArgs(tenant("fintech"), keeping, undefined).retainOnDelete, true);
            const team = teamArgs(tenant("fintech"), keeping, noCi);
            assert.deepEqual([team.retainNamespace, "retainOnDelete" in team], [true, false]);
        });

        const identities: readonly [what: string, ci: TeamSpec["ci"], principal: string | undefined][] = [
            ["an existing identity", { kind: "objectId", objectId: "existing-sp" }, "existing-sp"],
            [
                "a GitHub identity the platform creates",
                { kind: "github", repository: "contoso/pay", subject: "repo:contoso/pay:environment:shop" },
                "created-sp",
            ],
            ["no CI identity", undefined, undefined],
        ];
        for (const [what, ci, principal] of identities) {
            it(`GIVEN ${what} THEN the team's CI principal is ${principal ?? "none"}`, async () => {
                const created = new Map([["fintech", { principalId: pulumi.output("created-sp") }]]);
                const id = teamArgs(tenant("fintech", { ci }), SHOP, { ci: created, secrets: SECRETS }).ciPrincipalId;
                assert.equal(pulumi.Output.isInstance(id) ? await known(id) : id, principal);
            });
        }

        it("GIVEN a GitHub identity the platform did not create THEN it fails as the platform's bug, naming the team", () => {
            const github = tenant("fintech", { ci: { kind: "github", repository: "contoso/pay", subject: "s" } });
            assert.throws(
                () => teamArgs(github, SHOP, noCi),
                /^Error: helm-platform: team fintech's CI identity is missing, though the validated model promises it$/,
            );
        });

        it("GIVEN the environment's secrets THEN a team gets only its own, still secret", async () => {
            const secrets = teamArgs(tenant("fintech"), SHOP, noCi).secrets as pulumi.OutputInstance<unknown>;
            assert.deepEqual(await known(secrets), { fintech: { "db-password": "hunter2" } });
            assert.equal(await pulumi.isSecret(secrets), true);
        });

        it("GIVEN alerts and a keyring THEN the team gets its channel, its webhook secret and the keyring; without, none", () => {
            const alerts = { team: "fintech", namespace: "fintech", slackChannel: "#pay-oncall", webhookSecret: "fintech/slack" };
            const verifying = { ...SHOP, charts: { ...SHOP.charts, keyring: "keys/charts.pubring.gpg" } };
            const args = teamArgs(tenant("fintech", { alerts }), verifying, noCi);
            assert.deepEqual(
                [args.alerts, args.keyring],
                [{ slackChannel: "#pay-oncall", webhookSecret: "fintech/slack" }, "keys/charts.pubring.gpg"],
            );
            const plain = teamArgs(tenant("fintech"), SHOP, noCi);
            assert.deepEqual([plain.alerts, plain.keyring], [undefined, undefined]);
        });
    });

    describe("releases", () => {
        it("GIVEN a release THEN its chart, version, digest, values and upgrade policy are its args, and its needs and metrics go along", () => {
            const spec = release("fintech", "api", {
                digest: "sha256:0123",
                needs: ["fintech-db"],
                upgrade: { atomic: true, timeoutSeconds: 900, maxHistory: 3 },
                metrics: { port: "metrics", path: "/metrics", interval: "30s" },
            });
            assert.deepEqual(clusterRelease(spec), {
                team: "fintech",
                app: "api",
                name: "fintech-api",
                needs: ["fintech-db"],
                args: {
                    releaseName: "fintech-api",
                    chart: "oci://acrshop.azurecr.io/helm-charts/fintech/api",
                    version: "1.0.0",
                    digest: "sha256:0123",
                    values: { replicaCount: 1 },
                    atomic: true,
                    timeoutSeconds: 900,
                    maxHistory: 3,
                },
                metrics: { port: "metrics", path: "/metrics", interval: "30s" },
            });
            assert.equal(clusterRelease(release("fintech", "worker")).metrics, undefined);
        });

        it("GIVEN teams and releases on two clusters THEN one cluster gets every team and only its own releases", () => {
            const model = shopModel(
                [tenant("fintech"), tenant("retail")],
                [release("fintech", "api"), release("retail", "web", { cluster: "neu" })],
            );
            const weu = teamsOnCluster(model, "weu", noCi);
            assert.deepEqual([...weu.teams.keys()], ["fintech", "retail"]);
            assert.deepEqual(
                weu.releases.map((r) => r.name),
                ["fintech-api"],
            );
            assert.deepEqual([weu.scrape, weu.dashboards], [false, undefined], "shop runs no monitoring");
        });

        it("GIVEN monitoring THEN releases are scraped and teams get the dashboards", () => {
            const dashboards = { "team-releases.json": "{}" };
            const model = {
                ...shopModel([tenant("fintech")]),
                environment: { ...SHOP, monitoring: { ...SHOP.monitoring, enabled: true } },
                monitoring: { stackValues: {}, releases: [], rules: { groups: [] }, dashboards },
            };
            const weu = teamsOnCluster(model, "weu", noCi);
            assert.deepEqual([weu.scrape, weu.dashboards], [true, dashboards]);
        });
    });

    describe("clusters", () => {
        const shared = { resourceGroupName: "rg", clusterAdminPrincipalIds: ["deployer"], tags: { environment: "shop" } };
        // Moved from the AksCluster tests: which address ranges the program sends.
        const ranges: readonly [what: string, network: Partial<ManagedClusterSpec["network"]>, sent: (string | undefined)[]][] = [
            ["AKS's own ranges", {}, [undefined, undefined, undefined]],
            ["another pod range", { podCidr: "10.100.0.0/16" }, ["10.100.0.0/16", undefined, undefined]],
            [
                "another Service range",
                { serviceCidr: "10.200.0.0/16", dnsServiceIp: "10.200.0.10" },
                [undefined, "10.200.0.0/16", "10.200.0.10"],
            ],
            ["another DNS address only", { dnsServiceIp: "10.0.0.53" }, [undefined, WEU.network.serviceCidr, "10.0.0.53"]],
        ];
        for (const [what, network, sent] of ranges) {
            it(`GIVEN ${what} THEN AKS is told ${sent.filter(Boolean).join(", ") || "none"}: those that differ from AKS's own, the DNS address with its Service range`, () => {
                const args = aksClusterArgs({ ...WEU, network: { ...WEU.network, ...network } }, SHOP, shared);
                assert.deepEqual([args.network?.podCidr, args.network?.serviceCidr, args.network?.dnsServiceIp], sent);
            });
        }

        it("GIVEN a cluster this stack creates THEN every setting the model resolved is passed, with the environment's", () => {
            const args = aksClusterArgs(
                { ...WEU, logAnalyticsWorkspaceId: "/workspaces/w" },
                { ...SHOP, protect: true, kubeloginMode: "msi" },
                shared,
            );
            const { network, ...rest } = args;
            const { kind: _, network: _n, ...spec } = { ...WEU, logAnalyticsWorkspaceId: "/workspaces/w" };
            assert.deepEqual(rest, {
                ...spec,
                resourceGroupName: "rg",
                environment: "shop",
                kubeloginMode: "msi",
                clusterAdminPrincipalIds: ["deployer"],
                protect: true,
                tags: { environment: "shop" },
            });
            assert.deepEqual(network, {
                plugin: WEU.network.plugin,
                pluginMode: WEU.network.pluginMode,
                dataplane: WEU.network.dataplane,
                policy: WEU.network.policy,
            });
        });

        it("GIVEN a cluster the stack does not manage THEN it gets its spec, the environment's kubelogin mode and its kubeconfig", () => {
            const kind: ExistingClusterSpec = { kind: "existing", name: "kind", kubeconfigContext: "kind-dev", network: WEU.network };
            assert.deepEqual(existingClusterArgs(kind, SHOP, "kubeconfig"), {
                environment: "shop",
                spec: kind,
                kubeloginMode: "azurecli",
                kubeconfig: "kubeconfig",
            });
            const foundation = { name: "aks-shop-weu", resourceGroupName: "rg", id: "/clusters/weu" };
            assert.deepEqual(sharedClusterArgs(WEU, SHOP, foundation, undefined), {
                environment: "shop",
                spec: WEU,
                foundation,
                kubeloginMode: "azurecli",
                kubeconfig: undefined,
            });
        });
    });

    describe("the registry and CI identities", () => {
        it("GIVEN the environment's registry THEN every setting is passed, with protection and tags", () => {
            const registry = { ...SHOP.registry, replicaLocations: ["northeurope"], privateEndpoint: { subnetId: "/subnets/pe" } };
            assert.deepEqual(chartRegistryArgs({ ...SHOP, registry, protect: true }, "rg", { environment: "shop" }), {
                resourceGroupName: "rg",
                registryName: "acrshop",
                location: "westeurope",
                sku: "Standard",
                replicaLocations: ["northeurope"],
                publicNetworkAccess: true,
                retentionDays: 7,
                privateEndpoint: { subnetId: "/subnets/pe" },
                protect: true,
                tags: { environment: "shop" },
            });
        });

        it("GIVEN a team that asks for a GitHub identity THEN it is named for the environment and team, trusts its subject, and is tagged", () => {
            const github = { kind: "github", repository: "contoso/pay", subject: "repo:contoso/pay:environment:shop" } as const;
            assert.deepEqual(teamCiIdentityArgs({ ...tenant("fintech"), ci: github }, SHOP), {
                resourceGroupName: "rg-helm-platform-shop",
                location: "westeurope",
                identityName: "id-shop-fintech-ci",
                subject: "repo:contoso/pay:environment:shop",
                tags: { "managed-by": "helm-platform", environment: "shop", team: "fintech" },
            });
        });
    });
});
