import * as assert from "node:assert/strict";
import { formatProblem } from "../../../core/base/problems";
import { readStackConfig } from "../../../core/config/stackFile";
import { loadConfiguration } from "../../../core/load/loadConfiguration";
import { governanceOf, loadStack } from "../../../core/load/loadStack";
import { stacksOf } from "../../../core/load/stacks";
import { RULE_IDS, type RuleId } from "../../../core/model/governance";
import { parseStackName } from "../../../core/model/stack";
import { changedLockedTree, changedTree, load, problemsOf, sampleTree, stackOfTeam, TEST_DAY } from "../../helpers";
import { type Broken, brokenSample } from "../checks/brokenSamples";

const read = (file: string) => sampleTree().read(file) as string;

/** Findings of one rule in a stack of a changed tree. */
const findings = (stack: string, changes: Record<string, string>, rule: RuleId) => {
    const tree = changedLockedTree(changes, [stack]);
    return governanceOf(load(stack, tree), tree).filter((f) => f.rule === rule);
};

/** The stack deploying retail in prod: its shard, where its releases and allowances are judged. */
const retailProd = stackOfTeam("prod", "retail");

/** The environment's stack file with a rule switched off (a shard's governance is its environment's). */
function waive(stack: string, rule: RuleId): Record<string, string> {
    const file = `Pulumi.${parseStackName(stack).environment}.yaml`;
    const entry = `      ${rule}:\n        enabled: false\n        reason: a test switches this rule off on purpose\n`;
    const block = "  helm-platform:governance:\n    rules:\n";
    const text = read(file);
    return { [file]: text.includes(block) ? text.replace(block, block + entry) : `${text}${block}${entry}` };
}

const storefrontProd = "tenants/retail/storefront/values.prod.yaml";

describe("governance rules", () => {
    const noKeyring = (stack: string) =>
        read(`Pulumi.${stack}.yaml`).replace(/ {2}# Public keyring[^\n]*\n {2}helm-platform:charts:\n {4}keyring: \S+\n/, "");
    /** `at`: the file and key path the finding points at; `line`: the text of the line it names. */
    const cases: {
        rule: RuleId;
        stack: string;
        changes: Record<string, string>;
        message: RegExp;
        at: string;
        line: RegExp;
        level?: "warning";
    }[] = [
        {
            rule: "chart-provenance",
            stack: "dev",
            level: "warning",
            changes: { "Pulumi.dev.yaml": noKeyring("dev") },
            message: /the chart's provenance is not verified: no keyring is configured/,
            at: "Pulumi.dev.yaml helm-platform:charts.keyring",
            line: /^config:$/,
        },
        {
            rule: "image-from-platform-registry",
            stack: retailProd,
            changes: { [storefrontProd]: read(storefrontProd).replace("image:\n", "image:\n  registry: docker.io\n") },
            message: /image registry "docker\.io" is not the platform registry acrhelmplatformprod\.azurecr\.io/,
            at: `${storefrontProd} image.registry`,
            line: /^ {2}registry: docker\.io$/,
        },
        {
            rule: "image-tag-pinned",
            stack: "uat",
            changes: { "tenants/retail/catalog/values.uat.yaml": "image:\n  tag: latest\n" },
            message: /image\.tag is "latest"/,
            at: "tenants/retail/catalog/values.uat.yaml image.tag",
            line: /^ {2}tag: latest$/,
        },
        {
            rule: "resources-set",
            stack: retailProd,
            changes: { [storefrontProd]: `${read(storefrontProd)}resources:\n  requests:\n    memory: null\n` },
            message: /resources\.requests\.memory not set/,
            at: `${storefrontProd} resources.requests.memory`,
            line: /^ {4}memory: null$/,
        },
        {
            rule: "replicas-or-autoscaler",
            stack: retailProd,
            changes: { [storefrontProd]: read(storefrontProd).replace("replicaCount: 3", "replicaCount: 1") },
            message: /replicaCount is 1 and there is no autoscaler/,
            at: `${storefrontProd} replicaCount`,
            line: /^replicaCount: 1$/,
        },
        {
            rule: "promotion-gate",
            stack: retailProd,
            changes: { "tenants/retail.yaml": read("tenants/retail.yaml").replace("prod: 3.1.4", "prod: 3.3.0") },
            message: /version 3\.3\.0 is not yet in uat \(which runs 3\.2\.0\)/,
            at: "tenants/retail.yaml apps.storefront.versions.prod",
            line: /^ {6}prod: 3\.3\.0$/,
        },
        {
            rule: "allowance-expiry",
            stack: retailProd,
            changes: { "allowances/retail.yaml": read("allowances/retail.yaml").replace('expires: "2028-12-31"', 'expires: "2020-01-31"') },
            message:
                /the allowance for team retail \(The storefront serves the public shop domain; approved by platform-team \(PLAT-120\)\) expired on 2020-01-31/,
            at: "allowances/retail.yaml allowances[0]",
            line: /^ {2}- reason: The storefront/,
        },
        {
            rule: "values-keys-known",
            stack: "dev",
            level: "warning",
            changes: { "tenants/retail/storefront/values.yaml": `${read("tenants/retail/storefront/values.yaml")}replicaCont: 3\n` },
            message: /replicaCont: chart storefront \S+ has no such key in its values\.yaml or schema, so it does nothing/,
            at: "tenants/retail/storefront/values.yaml replicaCont",
            line: /^replicaCont: 3$/,
        },
    ];

    it("has a test case for every rule", () => {
        assert.deepEqual(cases.map((c) => c.rule).sort(), [...RULE_IDS].sort());
    });

    for (const c of cases) {
        it(`${c.rule} fires as ${c.level ?? "an error"} in ${c.stack}, naming the release or the namespace`, () => {
            const found = findings(c.stack, c.changes, c.rule);
            assert.ok(found.length > 0, `${c.rule} did not fire`);
            assert.equal(found[0].level, c.level ?? "error");
            assert.match(found[0].where, /^((weu|neu)\/[a-z-]+\/[a-z-]+|[a-z-]+)$/);
            assert.match(found[0].message, c.message);
            assert.equal(`${found[0].at.file} ${found[0].at.path}`, c.at);
            assert.ok(found[0].fix.length > 10, "no fix");
        });

        it(`${c.rule} points at the line where its key is written`, () => {
            const [f] = findings(c.stack, c.changes, c.rule);
            const text = c.changes[f.at.file] ?? read(f.at.file);
            const line = text.split("\n")[(f.at.line ?? 0) - 1] ?? "";
            assert.match(line, c.line, `line ${f.at.line} of ${f.at.file}`);
        });

        it(`${c.rule} can be switched off in ${c.stack} with a reason, which the plan records`, () => {
            const changes = { ...c.changes, ...waive(c.stack, c.rule) };
            assert.deepEqual(findings(c.stack, changes, c.rule), []);
            const env = load(c.stack, changedLockedTree(changes, [c.stack])).environment;
            assert.deepEqual(
                env.governance.waivers.find((w) => w.rule === c.rule),
                { rule: c.rule, reason: "a test switches this rule off on purpose" },
            );
        });
    }

    it("is a warning, not an error, in dev", () => {
        const [f] = governanceOf(load("dev"), sampleTree());
        assert.deepEqual([f.level, f.rule], ["warning", "image-tag-pinned"]);
    });

    it("finds nothing to object to in the sample's uat and in any stack of prod", () => {
        assert.deepEqual(governanceOf(load("uat"), sampleTree()), []);
        const prod = stacksOf(sampleTree(), "prod").map((s) => load(s.name));
        assert.ok(
            prod.some((m) => m.releases.length > 0),
            "prod's stacks hold no release to judge",
        );
        assert.deepEqual(
            prod.flatMap((m) => governanceOf(m, sampleTree())),
            [],
        );
    });

    it("GIVEN an unknown rule id THEN it is reported", () => {
        const stack = read("Pulumi.uat.yaml").replace("      replicas-or-autoscaler:", "      replicas-or-autoscale:");
        const problems = problemsOf("uat", changedTree({ "Pulumi.uat.yaml": stack }));
        assert.ok(
            problems.some((p) => p.path.startsWith("helm-platform:governance.rules")),
            problems.map(formatProblem).join("\n"),
        );
    });
});

describe("allowance expiry", () => {
    /** Every stack of prod loaded on `today`: each team's allowances are judged in the stack that deploys it. */
    const prodOn = (today: string) =>
        stacksOf(sampleTree(), "prod").map((s) =>
            loadConfiguration({ tree: sampleTree(), stack: s.name, config: readStackConfig(sampleTree(), s.name).config, today }),
        );

    it("GIVEN an allowance that ends within 30 days THEN it is a warning, even where governance enforces", () => {
        const found = prodOn("2028-12-21")
            .flatMap((m) => governanceOf(m, sampleTree()))
            .filter((f) => f.rule === "allowance-expiry" && f.where === "retail");
        assert.deepEqual(
            found.map((f) => [f.level, f.where, f.message, f.at?.file, f.at?.path]),
            [
                [
                    "warning",
                    "retail",
                    "the allowance for team retail (The storefront serves the public shop domain) expires on 2028-12-31, in 10 days",
                    "allowances/retail.yaml",
                    "allowances[0]",
                ],
            ],
        );
    });

    it("GIVEN an expired allowance THEN the request it allowed is not refused as well, only the expiry is reported", () => {
        const models = prodOn("2029-01-05");
        assert.deepEqual(models.flatMap((m) => m.teams).find((t) => t.team === "retail")?.exposure.ingressDomains, [
            "shop.contoso.example",
        ]);
        const expired = models
            .flatMap((m) => governanceOf(m, sampleTree()))
            .filter((f) => f.rule === "allowance-expiry" && f.level === "error")
            .sort((a, b) => `${a.at?.file} ${a.at?.path}`.localeCompare(`${b.at?.file} ${b.at?.path}`));
        // Every sample allowance has ended by then: retail's one, fintech's three, data's two.
        assert.deepEqual(
            expired.map((f) => `${f.at?.file} ${f.at?.path}`),
            [0, 1, 2]
                .map((i) => `allowances/fintech.yaml allowances[${i}]`)
                .concat([
                    "allowances/data.yaml allowances[0]",
                    "allowances/data.yaml allowances[1]",
                    "allowances/retail.yaml allowances[0]",
                ])
                .sort(),
        );
    });
});

describe("promotion gate", () => {
    it("lets prod lag uat (ledger 2.0.3 in prod, 2.1.0 in uat)", () => {
        const prodLedger = load(stackOfTeam("prod", "fintech")).releases.find((r) => r.name === "fintech-ledger");
        assert.deepEqual([prodLedger?.version, prodLedger?.promotion.fromVersion], ["2.0.3", "2.1.0"]);
        assert.deepEqual(findings(stackOfTeam("prod", "fintech"), {}, "promotion-gate"), []);
    });

    it("stops an app that is not deployed in the environment it is promoted from", () => {
        const tenant = read("tenants/retail.yaml")
            .replace("      dev: 0.9.1\n      uat: 0.9.1\n", "      dev: 0.9.1\n      uat: 0.9.1\n      prod: 0.9.1\n")
            .replace("      uat: 0.9.1\n      prod", "      prod");
        const found = findings(retailProd, { "tenants/retail.yaml": tenant }, "promotion-gate");
        assert.match(found[0]?.message ?? "", /catalog is not deployed in uat, which prod is promoted from/);
    });

    it("lets an app opt out with a recorded reason", () => {
        const tenant = read("tenants/retail.yaml")
            .replace("prod: 3.1.4", "prod: 3.3.0")
            .replace(
                "  storefront:\n    chart: storefront\n",
                "  storefront:\n    chart: storefront\n    promotionExemption: hotfix 3.3.0 ships straight to prod for the card outage\n",
            );
        const allowance = `${read("allowances/retail.yaml")}  - reason: the card outage hotfix goes straight to prod
    approvedBy: platform-team (PLAT-999)
    expires: "2027-01-31"
    environments: [prod]
    promotionExemptions: [storefront]
`;
        assert.deepEqual(
            findings(retailProd, { "tenants/retail.yaml": tenant, "allowances/retail.yaml": allowance }, "promotion-gate"),
            [],
        );
    });
});

/** For every governance rule, a change that breaks it and a part of its finding's message. */
const FINDING: Readonly<Record<string, Broken>> = {
    "chart-provenance": {
        stack: "dev",
        changes: { "Pulumi.dev.yaml": ["  helm-platform:charts:\n    keyring: keys/charts.pubring.gpg\n", ""] },
        reports: "the chart's provenance is not verified",
    },
    "image-from-platform-registry": {
        stack: "prod.payments",
        changes: { "tenants/fintech/ledger/values.prod.yaml": { append: "  registry: docker.io\n" } },
        reports: 'image registry "docker.io" is not the platform registry',
    },
    "image-tag-pinned": {
        stack: "prod.payments",
        changes: { "tenants/fintech/ledger/values.prod.yaml": ['tag: "2.0.3"', "tag: latest"] },
        reports: 'image.tag is "latest"',
    },
    "resources-set": {
        stack: "prod.payments",
        changes: { "tenants/fintech/ledger/values.prod.yaml": { append: "resources:\n  requests:\n    memory: null\n" } },
        reports: "resources.requests.memory not set",
    },
    "replicas-or-autoscaler": {
        stack: "prod.payments",
        changes: { "tenants/fintech/ledger/values.prod.yaml": { append: "replicaCount: 1\n" } },
        reports: "replicaCount is 1 and there is no autoscaler",
    },
    "promotion-gate": {
        stack: "prod.payments",
        changes: { "tenants/fintech.yaml": ["      uat: 2.1.0\n      prod: 2.0.3", "      uat: 2.0.2\n      prod: 2.0.3"] },
        reports: "version 2.0.3 is not yet in uat (which runs 2.0.2)",
    },
    "allowance-expiry": {
        stack: "prod.payments",
        changes: { "allowances/fintech.yaml": ['expires: "2028-06-30"', 'expires: "2026-12-15"'] },
        reports: "expires on 2026-12-15, in 14 days",
    },
    "values-keys-known": {
        stack: "prod.payments",
        changes: { "tenants/fintech/ledger/values.prod.yaml": { append: "replicaCont: 2\n" } },
        reports: "replicaCont: chart ledger 2.0.3 has no such key",
    },
};

describe("governance rules in the loaded stack", () => {
    for (const id of RULE_IDS) {
        it(`GIVEN a sample that breaks the governance rule ${id} THEN the loaded stack has its finding, and only that rule finds it`, () => {
            const broken = FINDING[id] as Broken;
            const tree = brokenSample(broken.changes);
            const { findings } = loadStack(tree, broken.stack, readStackConfig(tree, broken.stack).config, TEST_DAY);
            const found = findings.filter((f) => f.message.includes(broken.reports));
            assert.deepEqual(
                found.map((f) => f.rule),
                found.map(() => id),
                `"${broken.reports}" is ${id}'s`,
            );
            assert.ok(found.length > 0, `${id} finds "${broken.reports}" in ${findings.map((f) => f.message).join("; ") || "no finding"}`);
        });
    }

    it("GIVEN the table THEN it breaks the sample for every rule", () => {
        assert.deepEqual(Object.keys(FINDING).sort(), [...RULE_IDS].sort());
    });
});
