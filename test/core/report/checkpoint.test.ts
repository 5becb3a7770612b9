import * as assert from "node:assert/strict";
import { type ExportedStack, urnsInState, withoutPendingOperations } from "../../../core/report/checkpoint";

const RELEASE =
    "urn:pulumi:prod::helm-platform::helm-platform:index:Platform$helm-platform:tenant:Team$helm-platform:release:HelmRelease$kubernetes:helm.sh/v3:Release::prod-neu-fintech-payments-api-release";
const OTHER = "urn:pulumi:prod::helm-platform::kubernetes:core/v1:Namespace::other";

/** A `pulumi stack export` of a stack whose `up` was killed while it updated the release and created another resource. */
const exported: ExportedStack = {
    version: 3,
    deployment: {
        manifest: { time: "2026-11-20T08:12:40Z", magic: "", version: "v3.248.0" },
        secrets_providers: { type: "cloud", state: { url: "azurekeyvault://kv/keys/k" } },
        resources: [{ urn: RELEASE, type: "kubernetes:helm.sh/v3:Release", custom: true } as { urn: string }],
        pending_operations: [
            { resource: { urn: RELEASE, type: "kubernetes:helm.sh/v3:Release" }, type: "updating" },
            { resource: { urn: OTHER, type: "kubernetes:core/v1:Namespace" }, type: "creating" },
        ],
    },
};

describe("Pulumi's state after a release was recovered by hand", () => {
    it("GIVEN pending operations WHEN the release's are cleared THEN only its go, and everything else passes through", () => {
        const { stack, cleared } = withoutPendingOperations(exported, [RELEASE]);
        assert.deepEqual(
            cleared.map((o) => `${o.type} ${o.resource.urn}`),
            [`updating ${RELEASE}`],
        );
        assert.deepEqual(stack.deployment?.pending_operations, [exported.deployment?.pending_operations?.[1]]);
        assert.deepEqual(stack.deployment?.["secrets_providers"], exported.deployment?.["secrets_providers"]);
        assert.equal(stack.version, 3);
    });

    it("GIVEN the release's was the only pending operation THEN the field goes, as Pulumi writes a deployment without any", () => {
        const only: ExportedStack = {
            ...exported,
            deployment: { ...exported.deployment, pending_operations: exported.deployment?.pending_operations?.slice(0, 1) },
        };
        const { stack } = withoutPendingOperations(only, [RELEASE]);
        assert.equal("pending_operations" in (stack.deployment ?? {}), false);
    });

    it("GIVEN no pending operation of the release THEN the state is returned as it was, and nothing needs importing", () => {
        const { stack, cleared } = withoutPendingOperations(exported, ["urn:pulumi:prod::helm-platform::x::y"]);
        assert.equal(stack, exported);
        assert.deepEqual(cleared, []);
    });

    it("refreshes only resources the state holds", () => {
        assert.deepEqual(urnsInState(exported, [RELEASE, OTHER]), [RELEASE]);
    });
});
