import * as assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { environmentOr } from "../../components/defaults";
import { PlanRecorder } from "../../plan/recorder";

describe("the environment a component is for (components/defaults.ts)", () => {
    before(() => pulumi.runtime.setMocks(new PlanRecorder(), "helm-platform", "uat", true));

    const cases: readonly [given: string | undefined, environment: string][] = [
        [undefined, "uat"],
        ["prod", "prod"],
    ];
    for (const [given, environment] of cases) {
        it(`GIVEN ${given === undefined ? "no environment" : `"${given}"`} in stack uat THEN the component is for "${environment}"`, () => {
            assert.equal(environmentOr(given), environment);
        });
    }
});
