import * as assert from "node:assert/strict";
import { diffManifests, objectsOf } from "../../../core/report/manifestDiff";

const deployment = (replicas: number, image = "app:1", extra = "") =>
    [
        "apiVersion: apps/v1",
        "kind: Deployment",
        "metadata:",
        "  name: api",
        "spec:",
        `  replicas: ${replicas}`,
        "  template:",
        "    spec:",
        "      containers:",
        "        - name: app",
        `          image: ${image}`,
        extra,
    ].join("\n");
const SERVICE = "apiVersion: v1\nkind: Service\nmetadata:\n  name: api\n  namespace: shared\nspec:\n  ports: [{port: 80}]\n";
const doc = (...docs: string[]) => docs.join("\n---\n");

describe("what a release's rendered manifests change (core/report/manifestDiff)", () => {
    describe("the objects of a helm template output", () => {
        it("GIVEN objects with and without a namespace THEN each keyed <kind> <namespace>/<name>, the release's namespace by default", () => {
            assert.deepEqual(
                [...objectsOf(doc(deployment(1), SERVICE), "fintech").keys()],
                ["Deployment fintech/api", "Service shared/api"],
            );
        });

        it("GIVEN empty documents, comments, lists and documents without a kind THEN they are no objects", () => {
            const text = doc(
                "# Source: chart/templates/empty.yaml",
                "",
                "- a\n- b",
                "just text",
                "metadata:\n  name: no-kind",
                "kind: 3",
                deployment(1),
            );
            assert.deepEqual([...objectsOf(text, "fintech").keys()], ["Deployment fintech/api"]);
            assert.equal(objectsOf("", "fintech").size, 0);
        });

        it("GIVEN an object THEN the parsed object itself, values typed as YAML reads them", () => {
            const api = objectsOf(deployment(2), "fintech").get("Deployment fintech/api") as { spec: { replicas: unknown } };
            assert.equal(api.spec.replicas, 2);
        });
    });

    describe("the changes between two renderings", () => {
        it("GIVEN the same rendering THEN nothing changes", () => {
            assert.deepEqual(diffManifests("weu/fintech/api", "fintech", deployment(1), deployment(1)), {
                release: "weu/fintech/api",
                objects: [],
            });
        });

        it("GIVEN a field changed THEN that object is changed, the field's path and both values", () => {
            assert.deepEqual(diffManifests("weu/fintech/api", "fintech", deployment(1), deployment(3)).objects, [
                { object: "Deployment fintech/api", change: "changed", fields: [{ key: "spec.replicas", from: 1, to: 3 }] },
            ]);
        });

        it("GIVEN a field inside a list changed THEN its path has the element's index", () => {
            assert.deepEqual(diffManifests("r", "fintech", deployment(1, "app:1"), deployment(1, "app:2")).objects[0]?.fields, [
                { key: "spec.template.spec.containers[0].image", from: "app:1", to: "app:2" },
            ]);
        });

        it("GIVEN a field added and one removed THEN the added has no from, the removed no to, fields sorted by path", () => {
            const before = deployment(1, "app:1", "      serviceAccountName: old");
            const after = deployment(1, "app:1", "      nodeSelector: {pool: apps}");
            assert.deepEqual(diffManifests("r", "fintech", before, after).objects[0]?.fields, [
                { key: "spec.template.spec.nodeSelector.pool", from: undefined, to: "apps" },
                { key: "spec.template.spec.serviceAccountName", from: "old", to: undefined },
            ]);
        });

        it("GIVEN a list or map emptied THEN the change is from its elements to the empty value", () => {
            const before = "kind: ConfigMap\nmetadata: {name: c}\ndata: {a: '1'}\n";
            const after = "kind: ConfigMap\nmetadata: {name: c}\ndata: {}\n";
            assert.deepEqual(diffManifests("r", "fintech", before, after).objects[0]?.fields, [
                { key: "data", from: undefined, to: {} },
                { key: "data.a", from: "1", to: undefined },
            ]);
        });

        it("GIVEN a value that changes type only THEN it is a change ('1' is not 1)", () => {
            const cm = (v: string) => `kind: ConfigMap\nmetadata: {name: c}\ndata: {a: ${v}}\n`;
            assert.deepEqual(diffManifests("r", "fintech", cm("'1'"), cm("1")).objects[0]?.fields, [{ key: "data.a", from: "1", to: 1 }]);
        });

        it("GIVEN objects added and removed THEN each once, sorted by key, without fields", () => {
            const diff = diffManifests(
                "r",
                "fintech",
                doc(deployment(1), SERVICE),
                doc(deployment(1), "kind: ServiceAccount\nmetadata: {name: api}"),
            );
            assert.deepEqual(diff.objects, [
                { object: "Service shared/api", change: "removed" },
                { object: "ServiceAccount fintech/api", change: "added" },
            ]);
        });

        it("GIVEN no rendering before, or none after THEN every object is added, or removed", () => {
            assert.deepEqual(
                diffManifests("r", "fintech", undefined, doc(SERVICE, deployment(1))).objects.map((o) => `${o.change} ${o.object}`),
                ["added Deployment fintech/api", "added Service shared/api"],
            );
            assert.deepEqual(
                diffManifests("r", "fintech", deployment(1), undefined).objects.map((o) => `${o.change} ${o.object}`),
                ["removed Deployment fintech/api"],
            );
            assert.deepEqual(diffManifests("r", "fintech", undefined, undefined).objects, []);
        });

        it("GIVEN an object moved to another namespace THEN the old one is removed and the new one added", () => {
            const moved = SERVICE.replace("namespace: shared", "namespace: other");
            assert.deepEqual(
                diffManifests("r", "fintech", SERVICE, moved).objects.map((o) => `${o.change} ${o.object}`),
                ["added Service other/api", "removed Service shared/api"],
            );
        });
    });
});
