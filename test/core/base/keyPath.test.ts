import * as assert from "node:assert/strict";
import { formatKeyPath, type KeyPath } from "../../../core/base/keyPath";

describe("formatKeyPath", () => {
    const cases: [what: string, path: KeyPath, shown: string][] = [
        ["the whole file", [], ""],
        ["plain keys, joined by dots", ["apps", "payments-api", "versions", "prod"], "apps.payments-api.versions.prod"],
        ["a list index, in brackets", ["clusters", 1, "location"], "clusters[1].location"],
        ["an index first, with no leading dot after it", [0, "name"], "[0].name"],
        [
            "a key with a dot, quoted so it is not read as two keys",
            ["podAnnotations", "prometheus.io/scrape"],
            'podAnnotations["prometheus.io/scrape"]',
        ],
        ["a key with a colon, quoted even first", ["helm-platform:clusters", 0], '["helm-platform:clusters"][0]'],
        ["a key that starts with a digit", ["ports", "8080"], 'ports["8080"]'],
        ["a key that starts with '-'", ["-x"], '["-x"]'],
        ["the empty key", ["a", ""], 'a[""]'],
        ["a key that starts with '_'", ["_private", "x_y"], "_private.x_y"],
    ];
    for (const [what, path, shown] of cases) {
        it(`GIVEN ${what} THEN it reads ${JSON.stringify(shown)}`, () => {
            assert.equal(formatKeyPath(path), shown);
        });
    }

    it("GIVEN a key with a dot and the two keys it would look like THEN the two paths read differently", () => {
        assert.notEqual(formatKeyPath(["a.b"]), formatKeyPath(["a", "b"]));
    });

    it("GIVEN a tenant's key with quotes and a line break THEN it is escaped, on one line, and cannot close its brackets", () => {
        const shown = formatKeyPath(["values", 'x"]\n- fake: problem']);
        assert.equal(shown, 'values["x\\"]\\n- fake: problem"]');
        assert.ok(!shown.includes("\n"));
    });
});
