import * as assert from "node:assert/strict";
import {
    covers,
    domainSchema,
    egressRuleSchema,
    exposureSchema,
    layer,
    limitsSchema,
    PLATFORM_LIMITS,
    PLATFORM_QUOTA,
    podSecurityOverrideSchema,
    quantityValue,
    quotaSchema,
} from "../../../core/config/tenancy";
import { schemaProblems, schemaValue } from "../../support/schemaProblems";

describe("quantityValue", () => {
    it("compares Kubernetes quantities across suffixes as the API server reads them", () => {
        const cases: [string, number][] = [
            ["500m", 0.5],
            ["2", 2],
            ["1.5", 1.5],
            ["2Gi", 2 * 2 ** 30],
            ["2G", 2e9],
            ["128Mi", 128 * 2 ** 20],
            ["1k", 1000],
            ["1Ki", 1024],
        ];
        for (const [text, value] of cases) {
            assert.equal(quantityValue(text), value, text);
        }
        assert.ok(quantityValue("100000") > quantityValue("24"));
        assert.ok(quantityValue("1Gi") > quantityValue("1000Mi"));
        assert.throws(() => quantityValue("lots"), /"lots" is not a Kubernetes quantity/);
    });

    it("GIVEN a suffix the API server does not know, a sign or an exponent THEN it is no quantity", () => {
        for (const text of ["1K", "1gi", "-1", "1e3", "", " 1"]) {
            assert.throws(() => quantityValue(text), { message: `"${text}" is not a Kubernetes quantity` }, text);
        }
    });
});

describe("quota and limits", () => {
    it("GIVEN a count written as a YAML number THEN it becomes the quantity's text", () => {
        assert.deepEqual(schemaValue(quotaSchema, { pods: 10, "requests.cpu": "500m" }), { pods: "10", "requests.cpu": "500m" });
    });

    it("GIVEN a negative count, an exponent and a misspelt resource THEN each is a problem with its fix", () => {
        assert.deepEqual(schemaProblems(quotaSchema, { pods: -1, "requests.cpu": "1e3", pod: "1" }), [
            '["requests.cpu"]: must be a Kubernetes quantity such as 500m, 2Gi or 10 (got "1e3") Fix: make it a Kubernetes quantity such as 500m, 2Gi or 10',
            "pods: Too small: expected number to be >=0 (got -1) Fix: use 0 or more",
            'pod: unknown key "pod" Fix: did you mean "pods"?',
        ]);
    });

    it("GIVEN a limit of a resource LimitRange defaults do not set THEN it is an unknown key", () => {
        assert.deepEqual(schemaProblems(limitsSchema, { default: { gpu: 1 } }), [
            'default.gpu: unknown key "gpu" Fix: did you mean "cpu"?',
        ]);
    });

    it("GIVEN the platform's defaults THEN they are valid quota and limits themselves", () => {
        assert.deepEqual(schemaValue(quotaSchema, PLATFORM_QUOTA), PLATFORM_QUOTA);
        assert.deepEqual(schemaValue(limitsSchema, PLATFORM_LIMITS), PLATFORM_LIMITS);
    });
});

describe("layer", () => {
    it("GIVEN no environment and no team layer THEN the platform's defaults hold", () => {
        assert.deepEqual(layer(PLATFORM_QUOTA, undefined, undefined), PLATFORM_QUOTA);
    });

    it("GIVEN the same key in every layer THEN the team's wins over the environment's, which wins over the platform's", () => {
        const quota = layer(PLATFORM_QUOTA, { pods: "50", services: "10" }, { pods: "200" });
        assert.deepEqual(quota, { ...PLATFORM_QUOTA, pods: "200", services: "10" });
    });

    it("GIVEN limits set in part by each layer THEN they merge key by key, as values do", () => {
        assert.deepEqual(layer(PLATFORM_LIMITS, { default: { cpu: "1" } }, { defaultRequest: { memory: "1Gi" } }), {
            defaultRequest: { cpu: "100m", memory: "1Gi" },
            default: { cpu: "1", memory: "512Mi" },
        });
    });
});

describe("a Pod Security override and an egress rule", () => {
    it("GIVEN a reason shorter than 10 characters THEN it is refused with how long it must be", () => {
        assert.deepEqual(schemaProblems(podSecurityOverrideSchema, { enforce: "privileged", reason: "short" }), [
            'reason: must say why, in at least 10 characters (got "short") Fix: write at least 10 characters',
        ]);
    });

    it("GIVEN a port with no protocol THEN it is TCP", () => {
        assert.deepEqual(
            schemaValue(egressRuleSchema, { description: "Event Hubs", cidr: "20.50.0.0/16", ports: [{ port: 5671 }] }).ports,
            [{ port: 5671, protocol: "TCP" }],
        );
    });

    it("GIVEN ports outside 1-65535 and a protocol NetworkPolicies do not know THEN each is a problem at its port", () => {
        assert.deepEqual(schemaProblems(egressRuleSchema, { description: "d", ports: [{ port: 0 }, { port: 65536, protocol: "ICMP" }] }), [
            "ports[0].port: Too small: expected number to be >=1 (got 0) Fix: use 1 or more",
            "ports[1].port: Too big: expected number to be <=65535 (got 65536) Fix: use 65535 or less",
            'ports[1].protocol: Invalid option: expected one of "TCP"|"UDP" (got "ICMP") Fix: use one of: "TCP", "UDP"',
        ]);
    });

    it("GIVEN a network written off its boundary THEN the rule's cidr says which network to write", () => {
        assert.deepEqual(schemaProblems(egressRuleSchema, { description: "d", cidr: "20.50.1.0/16", ports: [{ port: 443 }] }), [
            'cidr: "20.50.1.0/16" is not written as a network; write 20.50.0.0/16 (got "20.50.1.0/16") Fix: change the value as the message says',
        ]);
    });
});

describe("domains and exposure", () => {
    it("GIVEN lowercase DNS names of two labels or more THEN they are domains", () => {
        const domains = ["payments.example.com", "a.io", "xn--bcher-kva.example", "shop-1.contoso.example", `${"a".repeat(63)}.com`];
        assert.deepEqual(
            domains.flatMap((d) => schemaProblems(domainSchema, d)),
            [],
        );
    });

    it("GIVEN a single label, capitals, a wildcard, a trailing dot, an empty label, a numeric top level or 254 characters THEN each is refused", () => {
        const refused = [
            "localhost",
            "Example.com",
            "*.example.com",
            "example.com.",
            "a..com",
            "-a.com",
            "a-.com",
            "example.123",
            `${"a.".repeat(126)}ab`,
        ];
        assert.deepEqual(
            refused.filter((d) => schemaProblems(domainSchema, d).length === 0),
            [],
        );
        assert.deepEqual(schemaProblems(domainSchema, "Example.com"), [
            ': must be a lowercase DNS name such as payments.example.com (got "Example.com") Fix: make it a lowercase DNS name such as payments.example.com',
        ]);
    });

    it("GIVEN a domain THEN it covers itself and its subdomains, not a name that merely ends like it, nor its parent", () => {
        assert.equal(covers("example.com", "example.com"), true);
        assert.equal(covers("example.com", "shop.example.com"), true);
        assert.equal(covers("example.com", "badexample.com"), false);
        assert.equal(covers("shop.example.com", "example.com"), false);
    });

    it("GIVEN no exposure THEN a team exposes no service type and serves no domain", () => {
        assert.deepEqual(schemaValue(exposureSchema, {}), { serviceTypes: [], ingressDomains: [] });
    });
});
