import * as assert from "node:assert/strict";
import type { KeyPath } from "../../../core/base/keyPath";
import {
    ConfigError,
    closest,
    didYouMean,
    formatLocation,
    formatProblem,
    formatProblems,
    type LocatedSource,
    locate,
    type Problem,
    problemAt,
    showValue,
    sortProblems,
    throwIfProblems,
} from "../../../core/base/problems";

/** A parsed file that knows two keys' lines. */
const source: LocatedSource = {
    file: "tenants/fintech.yaml",
    lineOf: (path: KeyPath) => ({ "apps/ledger/chart": 12, team: 2 })[path.join("/")],
};

const problem = (file: string, line: number | undefined, path: string, message = "is wrong"): Problem => ({
    file,
    line,
    path,
    message,
    hint: "fix it",
});

describe("locate and problemAt", () => {
    it("GIVEN a key the file knows THEN the location has the file, its line and the key path as people read it", () => {
        assert.deepEqual(locate(source, ["apps", "ledger", "chart"]), {
            file: "tenants/fintech.yaml",
            line: 12,
            path: "apps.ledger.chart",
        });
    });

    it("GIVEN a key the file does not know THEN the location has no line", () => {
        assert.deepEqual(locate(source, ["apps", "nope"]), { file: "tenants/fintech.yaml", line: undefined, path: "apps.nope" });
    });

    it("GIVEN a message and a hint THEN the problem carries both at that location", () => {
        assert.deepEqual(problemAt(source, ["team"], 'team "x" is not the file\'s', "rename it"), {
            file: "tenants/fintech.yaml",
            line: 2,
            path: "team",
            message: 'team "x" is not the file\'s',
            hint: "rename it",
        });
    });
});

describe("sortProblems", () => {
    it("GIVEN problems in any order THEN they come by file, then line (none first), then key path, then message", () => {
        const given = [
            problem("tenants/retail.yaml", 3, "a"),
            problem("Pulumi.prod.yaml", 9, "b"),
            problem("tenants/fintech.yaml", 10, "a"),
            problem("tenants/fintech.yaml", 2, "z"),
            problem("tenants/fintech.yaml", 2, "b", "second"),
            problem("tenants/fintech.yaml", 2, "b", "first"),
            problem("tenants/fintech.yaml", undefined, ""),
        ];
        const sorted = sortProblems(given).map((p) => `${p.file}:${p.line}:${p.path}:${p.message}`);
        assert.deepEqual(sorted, [
            "Pulumi.prod.yaml:9:b:is wrong",
            "tenants/fintech.yaml:undefined::is wrong",
            "tenants/fintech.yaml:2:b:first",
            "tenants/fintech.yaml:2:b:second",
            "tenants/fintech.yaml:2:z:is wrong",
            "tenants/fintech.yaml:10:a:is wrong",
            "tenants/retail.yaml:3:a:is wrong",
        ]);
    });

    it("GIVEN a list THEN it is left as it was", () => {
        const given = [problem("b", 1, ""), problem("a", 1, "")];
        sortProblems(given);
        assert.deepEqual(
            given.map((p) => p.file),
            ["b", "a"],
        );
    });
});

describe("formatting problems", () => {
    const cases: [what: string, at: Problem, line: string][] = [
        [
            "a file, a line and a key",
            problem("tenants/fintech.yaml", 4, "apps.ledger"),
            "tenants/fintech.yaml:4: apps.ledger: is wrong Fix: fix it",
        ],
        [
            "no line",
            problem("Pulumi.dev.yaml", undefined, "helm-platform:clusters"),
            "Pulumi.dev.yaml: helm-platform:clusters: is wrong Fix: fix it",
        ],
        ["the whole file", problem("allowances/x.txt", undefined, ""), "allowances/x.txt: is wrong Fix: fix it"],
        ["a line of the whole file", problem("tenants/data.yaml", 1, ""), "tenants/data.yaml:1: is wrong Fix: fix it"],
    ];
    for (const [what, at, line] of cases) {
        it(`GIVEN ${what} THEN the problem reads "${line}"`, () => {
            assert.equal(formatProblem(at), line);
            assert.equal(line.startsWith(formatLocation(at)), true);
        });
    }

    it("GIVEN one problem THEN the heading counts it in the singular, with what became of the run", () => {
        assert.equal(
            formatProblems([problem("tenants/a.yaml", 1, "team")]),
            "1 configuration problem; nothing was deployed:\n  - tenants/a.yaml:1: team: is wrong Fix: fix it",
        );
    });

    it("GIVEN several problems and a preview's outcome THEN the heading counts them, and each has a line", () => {
        const text = formatProblems([problem("a.yaml", 1, "x"), problem("b.yaml", 2, "y")], "nothing would be deployed");
        assert.deepEqual(text.split("\n"), [
            "2 configuration problems; nothing would be deployed:",
            "  - a.yaml:1: x: is wrong Fix: fix it",
            "  - b.yaml:2: y: is wrong Fix: fix it",
        ]);
    });
});

describe("ConfigError and throwIfProblems", () => {
    it("GIVEN no problem THEN nothing is thrown", () => {
        assert.doesNotThrow(() => throwIfProblems([]));
    });

    it("GIVEN problems THEN one ConfigError holds them all, sorted, and its message lists them", () => {
        const given = [problem("b.yaml", 1, "x"), problem("a.yaml", 5, "y")];
        assert.throws(
            () => throwIfProblems(given),
            (error: unknown) => {
                assert.ok(error instanceof ConfigError);
                assert.equal(error.name, "ConfigError");
                assert.deepEqual(
                    error.problems.map((p) => p.file),
                    ["a.yaml", "b.yaml"],
                );
                assert.equal(error.message, formatProblems(error.problems));
                return true;
            },
        );
    });
});

describe("showValue", () => {
    const cases: [given: string, then: string, value: unknown, shown: string][] = [
        ["no value", "it says nothing", undefined, "nothing"],
        ["null", "it is null", null, "null"],
        ["a string", "it is quoted", "latest", '"latest"'],
        ["a number", "it is the number", 0.9, "0.9"],
        ["a boolean", "it is the boolean", true, "true"],
        ["a list", "it is JSON", ["a", 1], '["a",1]'],
        ["a map", "it is JSON", { cpu: "1" }, '{"cpu":"1"}'],
        ["a line break", "it is escaped onto one line", "a\nb", '"a\\nb"'],
        ["a text of 60 characters once quoted", "it is whole", "x".repeat(58), `"${"x".repeat(58)}"`],
        ["a text of 61 characters once quoted", "it is cut to 60 with an ellipsis", "x".repeat(59), `"${"x".repeat(56)}...`],
    ];
    for (const [given, then, value, shown] of cases) {
        it(`GIVEN ${given} THEN ${then}`, () => {
            assert.equal(showValue(value), shown);
            assert.ok(shown.length <= 60);
        });
    }
});

describe("closest and didYouMean", () => {
    const keys = ["description", "environments", "groups", "apps", "team"];
    const cases: [word: string, candidates: readonly string[], suggestion: string | undefined][] = [
        ["descripton", keys, "description"],
        ["enviroments", keys, "environments"],
        ["Team", keys, "team"],
        ["aps", keys, "apps"],
        ["quota", keys, undefined],
        // Six letters allow two edits, nine allow three.
        ["abxyef", ["abcdef"], "abcdef"],
        ["abcxyz", ["abcdef"], undefined],
        ["abcdefxyz", ["abcdefghi"], "abcdefghi"],
        ["anything", [], undefined],
    ];
    for (const [word, candidates, suggestion] of cases) {
        it(`GIVEN ${JSON.stringify(word)} among ${candidates.length} candidates THEN the closest is ${suggestion ?? "none"}`, () => {
            assert.equal(closest(word, candidates), suggestion);
        });
    }

    it("GIVEN two candidates equally close THEN the first one is suggested", () => {
        assert.equal(closest("cat", ["bat", "hat"]), "bat");
    });

    it("GIVEN a near miss THEN the hint asks about it; GIVEN none THEN the fallback is the hint", () => {
        assert.equal(didYouMean("descripton", keys, "remove it"), 'did you mean "description"?');
        assert.equal(didYouMean("quota", keys, "remove it"), "remove it");
    });
});
