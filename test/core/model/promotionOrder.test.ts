import * as assert from "node:assert/strict";
import { promotionOrder } from "../../../core/model/promotionOrder";

const env = (environment: string, promotionFrom?: string) => ({ environment, promotionFrom });

describe("promotionOrder", () => {
    it("orders environments along the promotion chain, not alphabetically", () => {
        const plans = [env("prod", "uat"), env("dev"), env("uat", "dev")];
        assert.deepEqual(promotionOrder(plans), ["dev", "uat", "prod"]);
    });

    it("GIVEN two environments promoted from the same one THEN they follow it, by name", () => {
        assert.deepEqual(promotionOrder([env("uat", "dev"), env("perf", "dev"), env("dev")]), ["dev", "perf", "uat"]);
    });

    it("GIVEN several stacks' plans of one environment THEN it is listed once", () => {
        const plans = [env("prod", "uat"), env("prod", "uat"), env("prod", "uat"), env("uat", "dev"), env("dev")];
        assert.deepEqual(promotionOrder(plans), ["dev", "uat", "prod"]);
    });

    it("GIVEN an environment promoted from one that is not among them THEN it starts a chain of its own", () => {
        assert.deepEqual(promotionOrder([env("prod", "uat"), env("dev")]), ["dev", "prod"]);
    });

    it("GIVEN environments promoted from each other or from themselves THEN the order still ends, by name", () => {
        assert.deepEqual(promotionOrder([env("b", "a"), env("a", "b")]), ["a", "b"]);
        assert.deepEqual(promotionOrder([env("z", "z"), env("dev")]), ["dev", "z"]);
    });

    it("GIVEN no environment THEN the order is empty", () => {
        assert.deepEqual(promotionOrder([]), []);
    });
});
