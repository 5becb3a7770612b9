import * as assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { SECRET, UNKNOWN } from "../../core/base/constants";
import type { PlanResource } from "../../core/report/planTypes";
import type { Values } from "../../core/values/merge";
import { maskValue, PlanRecorder } from "../../plan/recorder";
import { DIY_ORGANIZATION, waitForRegistrations } from "../../plan/runPlan";

const THING = "test:index:Thing";

/** A resource of a made-up provider: whatever it is given, it takes as inputs. */
class Thing extends pulumi.CustomResource {
    declare readonly id: pulumi.Output<string>;
    declare readonly size: pulumi.Output<number>;
    constructor(name: string, inputs: pulumi.Inputs, opts?: pulumi.CustomResourceOptions) {
        super(THING, name, { size: undefined, ...inputs }, opts);
    }
}

/** The made-up provider's own resource. */
class TestProvider extends pulumi.ProviderResource {
    constructor(name: string) {
        super("test", name, {});
    }
}

/** Runs `build` in a stack on `recorder` (a preview unless it plays the cloud); what it recorded, the stack left out. */
async function record(build: () => void, recorder = new PlanRecorder()): Promise<Map<string, PlanResource>> {
    await pulumi.runtime.setMocks(recorder, "helm-platform", "test", true, DIY_ORGANIZATION);
    await pulumi.runtime.runInPulumiStack(async () => {
        recorder.install();
        build();
    });
    await waitForRegistrations();
    return new Map(
        recorder
            .resources()
            .filter((r) => r.type !== "pulumi:pulumi:Stack")
            .map((r) => [r.name, r]),
    );
}

describe("what the offline plan records (plan/recorder.ts)", () => {
    it("GIVEN resources THEN each is recorded once, in registration order, with exactly its inputs, keys sorted", async () => {
        const recorder = new PlanRecorder();
        await record(() => {
            new Thing("b", { zone: "2", area: "north" });
            new Thing("a", { zone: "1" });
        }, recorder);
        const [b, a] = recorder.resources();
        assert.deepEqual(
            [b, a].map((r) => [r?.name, Object.keys(r?.inputs ?? {})]),
            [
                ["b", ["area", "zone"]],
                ["a", ["zone"]],
            ],
        );
        assert.deepEqual(a, {
            type: THING,
            name: "a",
            parent: null,
            dependsOn: [],
            protect: false,
            inputs: { zone: "1" },
        });
    });

    it("GIVEN secrets THEN every input holding one, at any depth, is recorded as [secret], and the others as they are", async () => {
        const recorded = await record(() => {
            new Thing("db", {
                region: "westeurope",
                password: pulumi.secret("hunter2"),
                settings: { users: [{ name: "app", token: pulumi.secret("t0ken") }] },
            });
        });
        // Pulumi marks an input secret as a whole when anything in it is: the recorder sees no part of it.
        assert.deepEqual(recorded.get("db")?.inputs, { password: SECRET, region: "westeurope", settings: SECRET });
        assert.doesNotMatch(JSON.stringify(recorded.get("db")), /hunter2|t0ken/);
    });

    it("GIVEN inputs computed from another resource THEN they are [unknown] in a preview, and it is an input dependency", async () => {
        const recorded = await record(() => {
            const first = new Thing("first", {});
            new Thing("second", { firstId: first.id, nested: { size: first.size }, owner: first });
        });
        const second = recorded.get("second");
        assert.deepEqual(second?.inputs, { firstId: UNKNOWN, nested: { size: UNKNOWN }, owner: UNKNOWN });
        assert.deepEqual(second?.inputDependencies, [`${THING}::first`]);
        assert.equal(recorded.get("first")?.inputDependencies, undefined, "none recorded when there are none");
    });

    it("GIVEN resource options THEN parent, sorted dependsOn, protect and the lifecycle options set are recorded, and no others", async () => {
        const recorded = await record(() => {
            const parent = new pulumi.ComponentResource("test:index:Group", "group", {}, {});
            const [z, y] = [new Thing("z", {}, { parent }), new Thing("y", {}, { parent })];
            new Thing(
                "kept",
                {},
                { parent, dependsOn: [z, y], protect: true, retainOnDelete: true, deleteBeforeReplace: true, ignoreChanges: ["size"] },
            );
            new Thing("plain", {}, { parent, dependsOn: y, retainOnDelete: false, ignoreChanges: [] });
        });
        const { inputs: _kept, ...kept } = recorded.get("kept") as PlanResource;
        assert.deepEqual(kept, {
            type: THING,
            name: "kept",
            parent: "test:index:Group::group",
            dependsOn: [`${THING}::y`, `${THING}::z`],
            protect: true,
            retainOnDelete: true,
            deleteBeforeReplace: true,
            ignoreChanges: ["size"],
        });
        const { inputs: _plain, ...plain } = recorded.get("plain") as PlanResource;
        assert.deepEqual(plain, {
            type: THING,
            name: "plain",
            parent: "test:index:Group::group",
            dependsOn: [`${THING}::y`],
            protect: false,
        });
    });

    it("GIVEN a resource with an explicit provider THEN the provider is recorded as its type and name", async () => {
        const recorded = await record(() => {
            const provider = new TestProvider("cluster-k8s");
            new Thing("ns", {}, { provider });
        });
        assert.equal(recorded.get("ns")?.provider, "pulumi:providers:test::cluster-k8s");
        assert.equal(recorded.get("cluster-k8s")?.type, "pulumi:providers:test");
    });

    it("GIVEN a function the recorder was told of THEN the program gets its answer", async () => {
        const recorder = new PlanRecorder({ "test:index:whoAmI": (inputs) => ({ objectId: `object-of-${inputs["name"]}` }) });
        await record(() => undefined, recorder);
        assert.equal((await pulumi.runtime.invoke("test:index:whoAmI", { name: "ci" }))["objectId"], "object-of-ci");
    });

    it("GIVEN a function the recorder was not told of THEN it fails loudly, naming it", () => {
        const recorder = new PlanRecorder({ "test:index:whoAmI": () => ({}) });
        assert.throws(
            () => recorder.call({ token: "test:index:listSecrets", inputs: {}, provider: "" }),
            /^Error: the offline plan does not expect a call to test:index:listSecrets$/,
        );
    });

    it("GIVEN the cloud played THEN the program sees its IDs and outputs, and the recorded inputs stay what the program passed", async () => {
        const played: pulumi.runtime.MockResourceArgs[] = [];
        const recorder = new PlanRecorder({}, (args) => {
            played.push(args);
            return { id: `/things/${args.name}`, state: { size: 3 } };
        });
        let seen: pulumi.Output<[string, number]> | undefined;
        const recorded = await record(() => {
            const first = new Thing("first", { zone: "1" });
            seen = pulumi.all([first.id, first.size]);
            new Thing("second", { firstId: first.id });
        }, recorder);
        assert.deepEqual(await new Promise((resolve) => seen?.apply(resolve)), ["/things/first", 3]);
        assert.deepEqual(recorded.get("first")?.inputs, { zone: "1" });
        assert.deepEqual(recorded.get("second")?.inputs, { firstId: "/things/first" });
        assert.deepEqual(
            played.map((p) => p.name),
            ["helm-platform-test", "first", "second"],
            "the stack, then every resource, is asked of the cloud",
        );
    });

    describe("maskValue", () => {
        const secret = { [pulumi.runtime.specialSigKey]: pulumi.runtime.specialSecretSig, value: "hunter2" };
        const cases: readonly [what: string, value: unknown, masked: unknown][] = [
            ["a plain value", "westeurope", "westeurope"],
            ["a number", 3, 3],
            ["null", null, null],
            ["a secret", secret, SECRET],
            ["an unknown", pulumi.unknown, UNKNOWN],
            ["a secret in a list", ["a", secret], ["a", SECRET]],
            ["an unknown deep in a map", { a: { b: [pulumi.unknown] } }, { a: { b: [UNKNOWN] } }],
        ];
        for (const [what, value, masked] of cases) {
            it(`GIVEN ${what} THEN it is recorded as ${JSON.stringify(masked)}`, () => {
                assert.deepEqual(maskValue(value), masked);
            });
        }

        it("GIVEN a map THEN a copy is masked, and the value the program holds is left as it was", () => {
            const value: Values = { password: secret };
            assert.deepEqual(maskValue(value), { password: SECRET });
            assert.equal(value["password"], secret);
        });
    });
});
