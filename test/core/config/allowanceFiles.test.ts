import * as assert from "node:assert/strict";
import type { Problem } from "../../../core/base/problems";
import { type AllowancesFile, allowanceIn, namedForItsTeam, readAllowanceFiles } from "../../../core/config/allowanceFiles";
import { treeOf } from "../../support/smallTree";

const FINTECH = [
    "team: fintech",
    "allowances:",
    "  - reason: The card network gateway, in prod only",
    "    approvedBy: platform-team (PLAT-231)",
    '    expires: "2028-03-31"',
    "    environments: [prod]",
    "    egress: [198.51.100.0/24]",
    "  - reason: More pods than the default quota, everywhere",
    "    approvedBy: platform-team (PLAT-232)",
    '    expires: "2028-06-30"',
    "    quota:",
    "      pods: 200",
    "",
].join("\n");

function read(files: Record<string, string>) {
    const problems: Problem[] = [];
    return { files: readAllowanceFiles(treeOf(files), problems), problems };
}

describe("readAllowanceFiles", () => {
    it("GIVEN a valid file THEN it is read, its quantities as text", () => {
        const { files, problems } = read({ "allowances/fintech.yaml": FINTECH });
        assert.deepEqual(problems, []);
        assert.deepEqual(
            files.map((f) => [f.yaml.file, f.data.team, f.data.allowances[1]?.quota]),
            [["allowances/fintech.yaml", "fintech", { pods: "200" }]],
        );
    });

    it("GIVEN a folder or a file not named <team>.yaml in allowances/ THEN each is reported, since nothing would read it", () => {
        const { files, problems } = read({
            "allowances/fintech.yaml": FINTECH,
            "allowances/old/fintech.yaml": FINTECH,
            "allowances/retail.yml": "team: retail\n",
        });
        assert.deepEqual(
            problems.map((p) => [p.file, p.message, p.hint]),
            [
                ["allowances/old", "is not an allowances file", "allowances files are named <team>.yaml"],
                ["allowances/retail.yml", "is not an allowances file", "allowances files are named <team>.yaml"],
            ],
        );
        assert.equal(files.length, 1);
    });

    it("GIVEN a file that does not parse or breaks the schema THEN its problems are recorded and the file is left out", () => {
        const { files, problems } = read({
            "allowances/data.yaml": "team: [\n",
            "allowances/retail.yaml": "team: retail\nallowances: []\n",
        });
        assert.deepEqual(
            problems.map((p) => [p.file, p.line, p.path]),
            [
                ["allowances/data.yaml", 2, ""],
                ["allowances/retail.yaml", 2, "allowances"],
            ],
        );
        assert.deepEqual(files, []);
    });
});

describe("namedForItsTeam", () => {
    it("GIVEN a file named for the team it names THEN it is that team's; GIVEN another team's name inside THEN it is not", () => {
        const { files } = read({ "allowances/fintech.yaml": FINTECH, "allowances/retail.yaml": FINTECH });
        assert.deepEqual(
            files.map((f) => [f.yaml.file, namedForItsTeam(f)]),
            [
                ["allowances/fintech.yaml", true],
                ["allowances/retail.yaml", false],
            ],
        );
    });
});

describe("allowanceIn", () => {
    const files: AllowancesFile[] = read({ "allowances/fintech.yaml": FINTECH }).files;

    it("GIVEN entries for every environment and for prod THEN prod has both, each at its own line and index", () => {
        const { team, file, entries } = allowanceIn(files, "fintech", "prod");
        assert.deepEqual([team, file], ["fintech", "allowances/fintech.yaml"]);
        assert.deepEqual(
            entries.map((e) => e.at),
            [
                { file: "allowances/fintech.yaml", line: 3, path: "allowances[0]" },
                { file: "allowances/fintech.yaml", line: 8, path: "allowances[1]" },
            ],
        );
        assert.deepEqual(entries[0]?.egress, ["198.51.100.0/24"]);
        assert.ok(entries.every((e) => !("environments" in e)));
    });

    it("GIVEN an environment an entry does not name THEN that entry is left out, and the rest keep their place in the file", () => {
        assert.deepEqual(
            allowanceIn(files, "fintech", "dev").entries.map((e) => [e.at.path, e.reason]),
            [["allowances[1]", "More pods than the default quota, everywhere"]],
        );
    });

    it("GIVEN a team with no file THEN it has no entries, and the file it would have", () => {
        assert.deepEqual(allowanceIn(files, "retail", "prod"), { team: "retail", file: "allowances/retail.yaml", entries: [] });
    });
});
