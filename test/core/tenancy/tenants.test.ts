import * as assert from "node:assert/strict";
import { NetworkPolicy } from "kubernetes-models/networking.k8s.io/v1";
import { Role, RoleBinding } from "kubernetes-models/rbac.authorization.k8s.io/v1";
import { LimitRange, Namespace, ResourceQuota, ServiceAccount } from "kubernetes-models/v1";
import { stacksOf } from "../../../core/load/stacks";
import { accessMatrix } from "../../../core/report/access";
import type { PlanResource } from "../../../core/report/planTypes";
import type { PlanRun } from "../../../plan/runPlan";
import { changedTree, load, loadEnvironment, problemsOf, sampleTree } from "../../helpers";
import { samplePlanRun } from "../../support/plans";

/** The sample's environments; each is proven over every stack of it (prod: its foundation and shards). */
const ENVIRONMENTS = ["dev", "uat", "prod"];
const TYPE = (kind: string) =>
    ({
        Namespace: "kubernetes:core/v1:Namespace",
        ResourceQuota: "kubernetes:core/v1:ResourceQuota",
        LimitRange: "kubernetes:core/v1:LimitRange",
        ServiceAccount: "kubernetes:core/v1:ServiceAccount",
        NetworkPolicy: "kubernetes:networking.k8s.io/v1:NetworkPolicy",
        Role: "kubernetes:rbac.authorization.k8s.io/v1:Role",
        RoleBinding: "kubernetes:rbac.authorization.k8s.io/v1:RoleBinding",
    })[kind] as string;

/** Models generated from the Kubernetes 1.33 OpenAPI spec, by kind, with the apiVersion they validate. */
const MODELS: Record<string, { apiVersion: string; model: new (data: any) => { validate(): void } }> = {
    Namespace: { apiVersion: "v1", model: Namespace },
    ResourceQuota: { apiVersion: "v1", model: ResourceQuota },
    LimitRange: { apiVersion: "v1", model: LimitRange },
    ServiceAccount: { apiVersion: "v1", model: ServiceAccount },
    NetworkPolicy: { apiVersion: "networking.k8s.io/v1", model: NetworkPolicy },
    Role: { apiVersion: "rbac.authorization.k8s.io/v1", model: Role },
    RoleBinding: { apiVersion: "rbac.authorization.k8s.io/v1", model: RoleBinding },
};

describe("tenant isolation, proven on the plan of every sample stack", () => {
    /** Every stack of each environment, planned. */
    const runs = new Map<string, PlanRun[]>();
    before(async () => {
        for (const environment of ENVIRONMENTS) {
            const planned: PlanRun[] = [];
            for (const stack of stacksOf(sampleTree(), environment)) {
                planned.push(await samplePlanRun(stack.name));
            }
            runs.set(environment, planned);
        }
    });
    /** What every stack of the environment creates, of one kind. */
    const resources = (environment: string, kind: string) =>
        (runs.get(environment) ?? []).flatMap((run) => run.plan?.resources ?? []).filter((r) => r.type === TYPE(kind));
    /** Every grant the environment's stacks make. */
    const grantsOf = (environment: string) => (runs.get(environment) ?? []).flatMap((run) => run.access.grants);
    const meta = (r: PlanResource) =>
        r.inputs.metadata as { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };

    for (const stack of ENVIRONMENTS) {
        it(`${stack}: every grant to a team is inside that team's own namespace, and none is cluster-wide`, () => {
            const model = loadEnvironment(stack);
            const access = grantsOf(stack);
            assert.ok(access.length > 0);
            for (const entry of access.filter((e) => e.team)) {
                const own = model.teams.find((t) => t.team === entry.team)?.namespace;
                assert.equal(
                    entry.namespace,
                    own,
                    `${entry.team} has ${entry.role} in ${entry.cluster}/${entry.namespace} via ${entry.via}`,
                );
            }
            assert.deepEqual(
                access.filter((e) => e.namespace === "*"),
                [],
            );
            assert.ok(
                access.every((e) => e.team),
                "every grant belongs to a team",
            );
        });

        it(`${stack}: every team's owners operate their namespace on every cluster, and cannot write network policies`, () => {
            const model = loadEnvironment(stack);
            assert.equal(model.teams.length, 3);
            const access = grantsOf(stack);
            for (const tenant of model.teams) {
                for (const cluster of model.environment.clusters) {
                    const operate = access.filter(
                        (e) =>
                            e.cluster === cluster.name &&
                            e.namespace === tenant.namespace &&
                            e.role === "Role tenant-operator" &&
                            e.subject.kind === "Group",
                    );
                    assert.deepEqual(
                        operate.map((e) => e.subject.name),
                        [...tenant.ownerGroupObjectIds],
                        `${cluster.name}/${tenant.namespace}`,
                    );
                    const netpol = operate[0].rules.find((r) => r.resources.includes("networkpolicies"));
                    assert.deepEqual(netpol?.verbs, ["get", "list", "watch"]);
                }
            }
        });

        it(`${stack}: every tenant namespace has a default-deny policy, DNS, a quota and a limit range`, () => {
            const model = loadEnvironment(stack);
            assert.equal(model.teams.length, 3);
            const clusters = model.environment.clusters.length;
            for (const tenant of model.teams) {
                const inNs = (kind: string) => resources(stack, kind).filter((r) => meta(r).namespace === tenant.namespace);
                const deny = inNs("NetworkPolicy").filter((r) => meta(r).name === "default-deny");
                assert.equal(deny.length, clusters, tenant.team);
                for (const d of deny) {
                    assert.deepEqual(d.inputs.spec, { podSelector: {}, policyTypes: ["Ingress", "Egress"] });
                }
                assert.equal(inNs("NetworkPolicy").filter((r) => meta(r).name === "allow-dns").length, clusters);
                const quotas = inNs("ResourceQuota");
                assert.equal(quotas.length, clusters);
                for (const q of quotas) {
                    const hard = (q.inputs.spec as { hard: Record<string, string> }).hard;
                    assert.deepEqual(Object.keys(hard).sort(), [
                        "limits.cpu",
                        "limits.memory",
                        "persistentvolumeclaims",
                        "pods",
                        "requests.cpu",
                        "requests.memory",
                        "requests.storage",
                        "services",
                        "services.loadbalancers",
                    ]);
                }
                assert.equal(inNs("LimitRange").length, clusters);
            }
        });

        it(`${stack}: every Kubernetes object the program creates for tenants is valid against the Kubernetes 1.33 OpenAPI schema`, () => {
            let checked = 0;
            for (const [kind, { apiVersion, model }] of Object.entries(MODELS)) {
                for (const r of resources(stack, kind)) {
                    const { metadata, ...rest } = r.inputs;
                    const object = new model({ apiVersion, kind, metadata, ...rest });
                    assert.doesNotThrow(() => object.validate(), `${kind} ${r.name}`);
                    checked++;
                }
            }
            // Every tenant object: 3 teams' namespace, quota, limits, installer, roles and bindings on each cluster, at least.
            assert.ok(checked > 20 * loadEnvironment(stack).environment.clusters.length, `only ${checked} objects checked`);
        });
    }

    it("labels namespaces for Pod Security: restricted in prod, baseline with restricted warnings in dev, exceptions with their reason", () => {
        const labels = (stack: string, ns: string) => meta(resources(stack, "Namespace").find((r) => meta(r).name === ns) as PlanResource);
        assert.equal(labels("prod", "fintech").labels?.["pod-security.kubernetes.io/enforce"], "restricted");
        assert.equal(labels("dev", "fintech").labels?.["pod-security.kubernetes.io/enforce"], "baseline");
        assert.equal(labels("dev", "fintech").labels?.["pod-security.kubernetes.io/warn"], "restricted");
        const data = labels("prod", "data");
        assert.equal(data.labels?.["pod-security.kubernetes.io/enforce"], "baseline");
        assert.equal(data.labels?.["pod-security.kubernetes.io/warn"], "restricted");
        assert.match(data.annotations?.["helm-platform/pod-security-exception"] ?? "", /NET_BIND_SERVICE/);
    });

    it("layers quota like values: team over environment over platform", () => {
        const quota = resources("prod", "ResourceQuota").find((r) => meta(r).namespace === "fintech") as PlanResource;
        const hard = (quota.inputs.spec as { hard: Record<string, string> }).hard;
        assert.equal(hard["requests.cpu"], "24", "tenants/fintech.yaml");
        assert.equal(hard["requests.memory"], "32Gi", "Pulumi.prod.yaml tenancy.quota");
        assert.equal(hard.pods, "100", "platform default");
        const devHard =
            (
                resources("dev", "ResourceQuota").find((r) => meta(r).namespace === "retail")?.inputs.spec as
                    | { hard: Record<string, string> }
                    | undefined
            )?.hard ?? {};
        assert.equal(devHard["requests.memory"], "16Gi");
    });

    it("allows scraping from monitoring on declared metrics ports, the ingress controller where configured, and each declared egress", () => {
        const policy = (stack: string, ns: string, name: string) =>
            resources(stack, "NetworkPolicy").find((r) => meta(r).namespace === ns && meta(r).name === name)?.inputs.spec as
                | Record<string, any>
                | undefined;
        // Prometheus's pods only, not everything in the monitoring namespace.
        const prometheus = { "app.kubernetes.io/name": "prometheus", prometheus: "kube-prometheus-stack-prometheus" };
        assert.deepEqual(policy("prod", "fintech", "allow-monitoring-scrape")?.ingress, [
            {
                from: [
                    {
                        namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "monitoring" } },
                        podSelector: { matchLabels: prometheus },
                    },
                ],
                // payments-api's metrics.port: the container port of that name, and no other.
                ports: [{ protocol: "TCP", port: "http" }],
            },
        ]);
        assert.equal(policy("prod", "retail", "allow-monitoring-scrape"), undefined, "retail declares no metrics port");
        assert.ok(policy("prod", "retail", "allow-ingress-controller"));
        assert.equal(policy("dev", "retail", "allow-ingress-controller"), undefined, "dev declares no ingress controller");
        assert.deepEqual(policy("prod", "fintech", "allow-egress-1")?.egress, [
            { to: [{ ipBlock: { cidr: "198.51.100.0/24" } }], ports: [{ protocol: "TCP", port: 443 }] },
        ]);
        assert.equal(policy("prod", "retail", "allow-egress-1"), undefined, "retail declares no egress");
    });
});

describe("tenancy checks", () => {
    it("GIVEN a metrics port no container port can be named THEN it names the key and why the name matters", () => {
        const fintech = sampleTree().read("tenants/fintech.yaml") as string;
        const tree = changedTree({ "tenants/fintech.yaml": fintech.replace("      port: http\n", "      port: http-metrics-endpoint\n") });
        const p = problemsOf("dev", tree).find((q) => q.path === "apps.payments-api.metrics.port");
        assert.equal(p?.file, "tenants/fintech.yaml");
        assert.match(p?.message ?? "", /must be a port name \(1-15 lowercase letters.*Prometheus is admitted on that container port only/);
    });

    it("GIVEN an egress allowance with both a CIDR and a team THEN it names the rule", () => {
        const data = sampleTree().read("tenants/data.yaml") as string;
        const tree = changedTree({
            "tenants/data.yaml": data.replace("      cidr: 20.50.0.0/16", "      cidr: 20.50.0.0/16\n      team: fintech"),
        });
        const [p] = problemsOf("dev", tree);
        assert.equal(p.path, "network.egress[0]");
        assert.match(p.message, /exactly one destination/);
    });

    it("GIVEN a Pod Security exception without a reason THEN it is rejected", () => {
        const data = sampleTree().read("tenants/data.yaml") as string;
        const tree = changedTree({ "tenants/data.yaml": data.replace(/ {2}reason: .*\n/, "  reason: legacy\n") });
        const [p] = problemsOf("dev", tree);
        assert.equal(p.path, "podSecurity.reason");
        assert.match(p.message, /must say why/);
    });

    it("the OpenAPI validation rejects what the API server would reject", () => {
        const broken = new NetworkPolicy({
            metadata: { name: "x", namespace: "y" },
            spec: { podSelector: {}, policyTypes: ["Inbound" as "Ingress"] },
        });
        assert.throws(() => broken.validate(), /policyTypes/);
    });

    it("the access matrix reports a cluster-wide grant to a team's group", () => {
        const model = load("dev");
        const group = model.teams[0].ownerGroupObjectIds[0];
        const resources: PlanResource[] = [
            {
                type: "pulumi:providers:kubernetes",
                name: "p",
                parent: null,
                dependsOn: [],
                protect: false,
                inputs: { clusterIdentifier: "dev/weu" },
            },
            {
                type: "kubernetes:rbac.authorization.k8s.io/v1:ClusterRoleBinding",
                name: "oops",
                parent: null,
                dependsOn: [],
                protect: false,
                provider: "pulumi:providers:kubernetes::p",
                inputs: {
                    metadata: { name: "oops" },
                    roleRef: { kind: "ClusterRole", name: "cluster-admin" },
                    subjects: [{ kind: "Group", name: group }],
                },
            },
        ];
        const [entry] = accessMatrix(resources, model.teams);
        assert.deepEqual(
            [entry.cluster, entry.namespace, entry.team, entry.role],
            ["weu", "*", model.teams[0].team, "ClusterRole cluster-admin"],
        );
    });
});
