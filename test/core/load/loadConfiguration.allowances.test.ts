import * as assert from "node:assert/strict";
import { formatProblem, type Problem } from "../../../core/base/problems";
import { planStack } from "../../../plan/runPlan";
import { program } from "../../../program/stack";
import { changedTree, lineOf, problemsOf, sampleTree } from "../../helpers";

const read = (file: string) => sampleTree().read(file) as string;
const append = (file: string, text: string) => ({ [file]: `${read(file)}${text}` });

/** 66 networks of /2 to /9 that together cover 87% of IPv4, as a tenant once asked for. */
const WIDE_NETWORKS = [
    ...["0.0.0.0/2", "64.0.0.0/2", "128.0.0.0/2"],
    ...Array.from({ length: 63 }, (_, i) => (i < 60 ? `${192 + Math.floor(i / 2)}.${(i % 2) * 128}.0.0/9` : `${162 + i}.0.0.0/8`)),
];

/** A hostile or careless request in a team's own file, and where the refusal must point. */
interface Request {
    readonly what: string;
    /** The edit, applied to the sample's text of `file`. */
    readonly edit: (text: string) => string;
    readonly file: string;
    readonly near: string;
    readonly key: string;
    readonly message: RegExp;
}

const REQUESTS: Request[] = [
    {
        what: "Service types nobody allowed",
        edit: (t: string) => `${t}exposure:\n  serviceTypes: [ExternalName, LoadBalancer, NodePort]\n`,
        file: "tenants/data.yaml",
        near: "serviceTypes",
        key: "exposure.serviceTypes[0]",
        message:
            /Service type ExternalName is not allowed for team data in prod.*Fix: ask the platform team \(owners of allowances\/\) to allow serviceTypes: \[ExternalName\] in allowances\/data\.yaml/,
    },
    {
        what: "a quota of a hundred thousand CPUs",
        edit: (t: string) => t.replace('requests.cpu: "24"', 'requests.cpu: "100000"'),
        file: "tenants/fintech.yaml",
        near: "requests.cpu",
        key: 'quota["requests.cpu"]',
        message: /"100000" is above team fintech's ceiling of "24" in prod.*allow quota: \{requests\.cpu: "100000"\}/,
    },
    {
        what: "five hundred load balancers",
        edit: (t: string) => `${t}quota:\n  services.loadbalancers: "500"\n`,
        file: "tenants/retail.yaml",
        near: "services.loadbalancers",
        key: 'quota["services.loadbalancers"]',
        message: /"500" is above team retail's ceiling of "0" in prod/,
    },
    {
        what: "someone else's Ingress domain",
        edit: (t: string) => t.replace("[shop.contoso.example]", "[shop.contoso.example, microsoft.com]"),
        file: "tenants/retail.yaml",
        near: "ingressDomains",
        key: "exposure.ingressDomains[1]",
        message: /Ingress domain "microsoft\.com" is not allowed for team retail in prod/,
    },
    {
        what: "egress to a network the allowance does not hold",
        edit: (t: string) => t.replace("cidr: 20.50.0.0/16", "cidr: 20.60.0.0/16"),
        file: "tenants/data.yaml",
        near: "cidr: 20.60",
        key: "network.egress[0].cidr",
        message: /egress to 20\.60\.0\.0\/16 is not allowed for team data in prod.*allow egress: \[20\.60\.0\.0\/16\]/,
    },
    {
        what: "egress wider than one service's network",
        edit: (t: string) => t.replace("cidr: 20.50.0.0/16", "cidr: 64.0.0.0/2"),
        file: "tenants/data.yaml",
        near: "cidr: 64.0.0.0/2",
        key: "network.egress[0].cidr",
        message: /egress to 64\.0\.0\.0\/2 is wider than a \/16, the widest network one rule may name/,
    },
    {
        what: "egress into the nodes' virtual network",
        edit: (t: string) => t.replace("cidr: 20.50.0.0/16", "cidr: 10.224.0.0/16"),
        file: "tenants/data.yaml",
        near: "cidr: 10.224.0.0/16",
        key: "network.egress[0].cidr",
        message: /would include the nodes' network of cluster weu .* \(10\.224\.0\.0\/12\)/,
    },
    {
        what: "a promotion exemption the team grants itself",
        edit: (t: string) => t.replace("    chart: ledger\n", "    chart: ledger\n    promotionExemption: hotfix line for the ledger\n"),
        file: "tenants/fintech.yaml",
        near: "promotionExemption",
        key: "apps.ledger.promotionExemption",
        message: /app ledger may not skip the promotion gate in prod.*allow promotionExemptions: \[ledger\]/,
    },
    {
        what: "a CI identity for a repository in another organisation",
        edit: (t: string) => t.replace("contoso/fintech-services", "mallory/fintech-services"),
        file: "tenants/fintech.yaml",
        near: "mallory/",
        key: "deployer.github.repository",
        message: /CI from mallory\/fintech-services is not allowed to deploy team fintech in prod/,
    },
    // One add-on's namespace, for where the problem is reported; which names are reserved is
    // test/core/tenancy/reserved.test.ts's table.
    ...["cert-manager"].map((namespace) => ({
        what: `the namespace of the ${namespace} add-on`,
        edit: (t: string) => t.replace("groups:", `namespace: ${namespace}\ngroups:`),
        file: "tenants/retail.yaml",
        near: `namespace: ${namespace}`,
        key: "namespace",
        message: new RegExp(`namespace "${namespace}" is reserved for the platform`),
    })),
];

const located = (problems: readonly Problem[], file: string, line: number, key: string) =>
    problems.filter((p) => p.file === file && p.line === line && p.path === key);

describe("a team's file asks; its allowance, which the platform owns, allows", () => {
    for (const r of REQUESTS) {
        it(`GIVEN ${r.what} THEN prod refuses it at its file, line and key, naming the allowance to ask for`, () => {
            const tree = changedTree({ [r.file]: r.edit(read(r.file)) });
            const problems = problemsOf("prod", tree);
            const line = lineOf(tree.read(r.file) as string, r.near);
            const here = located(problems, r.file, line, r.key);
            assert.ok(here.length > 0, `nothing at ${r.file}:${line} ${r.key} in:\n${problems.map(formatProblem).join("\n")}`);
            assert.match(here.map(formatProblem).join("\n"), r.message);
        });
    }

    it("GIVEN 66 egress networks covering most of IPv4 THEN every one is refused, each at its own line", () => {
        const rules = WIDE_NETWORKS.map((cidr) => `    - description: wide\n      cidr: ${cidr}\n      ports: [{port: 443}]\n`).join("");
        const tree = changedTree({ "tenants/data.yaml": read("tenants/data.yaml").replace("  egress:\n", `  egress:\n${rules}`) });
        const problems = problemsOf("prod", tree).filter((p) => /^network\.egress\[\d+\]\.cidr$/.test(p.path));
        const refused = new Set(problems.map((p) => p.path));
        assert.equal(refused.size, WIDE_NETWORKS.length);
    });

    it("GIVEN every hostile request at once THEN one report lists them all, the plan exits 1 and registers nothing", async () => {
        // Each edit on top of the others, where it still applies (three edits replace the same egress rule).
        const texts = new Map<string, string>();
        const all = REQUESTS.filter((r) => !r.what.startsWith("the namespace")).filter((r) => {
            const before = texts.get(r.file) ?? read(r.file);
            texts.set(r.file, r.edit(before));
            return texts.get(r.file) !== before;
        });
        const tree = changedTree(Object.fromEntries(texts));
        const run = await planStack(program, tree, "prod");
        assert.equal(run.exitCode, 1);
        assert.equal(run.registered, 0);
        for (const r of all) {
            assert.match(run.problems.map(formatProblem).join("\n"), r.message);
        }
    });

    it("GIVEN the same requests within their allowance THEN prod loads and the team gets what it asked for", () => {
        const model = problemsFree();
        const data = model.teams.find((t) => t.team === "data");
        assert.equal(data?.podSecurity.enforce, "baseline");
        assert.equal(model.teams.find((t) => t.team === "fintech")?.quota["requests.cpu"], "24");
    });
});

describe("allowances are checked themselves", () => {
    const entry = (body: string) =>
        append(
            "allowances/retail.yaml",
            `  - reason: a hostile or careless grant\n    approvedBy: someone\n    expires: "2027-01-31"\n${body}`,
        );
    const cases: { what: string; body: string; key: string; message: RegExp }[] = [
        {
            what: "egress the platform refuses whoever allows it",
            body: "    egress: [10.224.0.0/16]\n",
            key: "allowances[1].egress[0]",
            message: /nodes' network/,
        },
        {
            what: "a domain outside the environment's",
            body: "    ingressDomains: [co.uk]\n",
            key: "allowances[1].ingressDomains[0]",
            message: /"co\.uk" is not under a domain prod gives to teams \(contoso\.example\)/,
        },
        {
            what: "a reserved namespace",
            body: "    namespace: kube-public\n",
            key: "allowances[1].namespace",
            message: /reserved for the platform/,
        },
        {
            what: "an exemption for an app the team lacks",
            body: "    promotionExemptions: [payments-api]\n",
            key: "allowances[1].promotionExemptions[0]",
            message: /team retail has no app "payments-api"/,
        },
        { what: "an entry that grants nothing", body: "", key: "allowances[1]", message: /grants nothing/ },
    ];
    for (const c of cases) {
        it(`GIVEN ${c.what} THEN the allowance itself is refused at its key`, () => {
            const problems = problemsOf("prod", changedTree(entry(c.body)));
            const here = problems.filter((p) => p.file === "allowances/retail.yaml" && p.path === c.key);
            assert.match(here.map(formatProblem).join("\n"), c.message, problems.map(formatProblem).join("\n"));
        });
    }

    it("GIVEN an allowances file for a team without a tenant file THEN it is refused", () => {
        const problems = problemsOf(
            "prod",
            changedTree({
                "allowances/ghost.yaml":
                    'team: ghost\nallowances:\n  - reason: nobody asked for this\n    approvedBy: someone\n    expires: "2027-01-31"\n    serviceTypes: [LoadBalancer]\n',
            }),
        );
        assert.deepEqual(
            problems.map((p) => `${p.file} ${p.path} ${p.message}`),
            ['allowances/ghost.yaml team no tenant file declares team "ghost"'],
        );
    });

    it("GIVEN an allowance moved to another team by its team: line THEN it is refused", () => {
        const problems = problemsOf(
            "prod",
            changedTree({ "allowances/retail.yaml": read("allowances/retail.yaml").replace("team: retail", "team: fintech") }),
        );
        assert.ok(problems.some((p) => p.file === "allowances/retail.yaml" && /named for "retail"/.test(p.message)));
    });

    it("GIVEN a stack that still grants Pod Security by waiver THEN it says where waivers went", () => {
        const stack = read("Pulumi.prod.yaml").replace(
            "    ingressNamespace: ingress-nginx\n",
            "    ingressNamespace: ingress-nginx\n    podSecurityWaivers:\n      data: {enforce: baseline, reason: old style waiver}\n",
        );
        const problems = problemsOf("prod", changedTree({ "Pulumi.prod.yaml": stack }));
        assert.match(
            problems.map(formatProblem).join("\n"),
            /podSecurityWaivers: Pod Security waivers are allowances now.*Fix: move each waiver to allowances\/<team>\.yaml/,
        );
    });

    it("GIVEN a production stack without the domains Ingresses live under THEN it is refused", () => {
        const stack = read("Pulumi.prod.yaml").replace("    ingressDomains: [contoso.example]\n", "");
        const problems = problemsOf("prod", changedTree({ "Pulumi.prod.yaml": stack }));
        assert.ok(
            problems.some(
                (p) => p.path === "helm-platform:tenancy.ingressDomains" && /production profile needs the domains/.test(p.message),
            ),
        );
    });
});

function problemsFree() {
    // The sample asks for exactly what its allowances allow.
    // Every stack of prod: each team is loaded in its shard.
    const { loadEnvironment } = require("../../helpers") as typeof import("../../helpers");
    return loadEnvironment("prod");
}
