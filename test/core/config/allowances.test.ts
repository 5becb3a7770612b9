import * as assert from "node:assert/strict";
import { allowancesFileSchema, daySchema, githubRepositorySchema } from "../../../core/config/allowances";
import { ALLOWANCE_KEYS } from "../../../core/model/allowances";
import { schemaProblems, schemaValue } from "../../support/schemaProblems";

const approved = { reason: "The card network gateway, over TLS", approvedBy: "platform-team (PLAT-231)", expires: "2028-03-31" };
const file = (...allowances: unknown[]) => ({ team: "fintech", allowances });

describe("daySchema", () => {
    it("GIVEN days of the calendar, a leap day among them THEN they are days", () => {
        assert.deepEqual(
            ["2027-06-30", "2028-02-29", "2027-12-31"].flatMap((d) => schemaProblems(daySchema, d)),
            [],
        );
    });

    for (const day of ["2027-02-29", "2027-04-31", "2027-13-01", "2027-00-10"]) {
        it(`GIVEN ${day}, written as a day but not one of the calendar THEN it says so`, () => {
            assert.deepEqual(schemaProblems(daySchema, day), [
                `: is not a day of the calendar (got "${day}") Fix: change the value as the message says`,
            ]);
        });
    }
    for (const text of ["next June", "2027-6-30", "30.06.2027", ""]) {
        it(`GIVEN ${JSON.stringify(text)}, not written as a day THEN one problem says how to write one, and nothing throws`, () => {
            assert.deepEqual(schemaProblems(daySchema, text), [
                `: must be a day written YYYY-MM-DD, such as 2027-06-30 (got ${JSON.stringify(text)}) Fix: make it a day written YYYY-MM-DD, such as 2027-06-30`,
            ]);
        });
    }
});

describe("githubRepositorySchema", () => {
    it("GIVEN <owner>/<repository> THEN it holds; GIVEN an owner alone, a deeper path or a URL THEN it is refused", () => {
        assert.deepEqual(schemaProblems(githubRepositorySchema, "contoso/fintech-services"), []);
        for (const text of ["contoso", "contoso/a/b", "https://github.com/contoso/fintech-services", "contoso/fintech services"]) {
            assert.deepEqual(
                schemaProblems(githubRepositorySchema, text),
                [`: must be <owner>/<repository> (got ${JSON.stringify(text)}) Fix: make it <owner>/<repository>`],
                text,
            );
        }
    });
});

describe("allowancesFileSchema", () => {
    it("GIVEN an entry with its approval and one grant THEN the file holds as written", () => {
        const written = file({ ...approved, environments: ["prod"], egress: ["198.51.100.0/24"] });
        assert.deepEqual(schemaValue(allowancesFileSchema, written), written);
    });

    it("GIVEN an entry that grants nothing THEN it names every grant it could hold and how to fix it", () => {
        assert.deepEqual(
            schemaProblems(allowancesFileSchema, file(approved)).map((p) => p.replace(/ \(got .*\)/, "")),
            [
                `allowances[0]: grants nothing; an allowance grants at least one of ${ALLOWANCE_KEYS.join(", ")} Fix: add what it allows, or remove the entry`,
            ],
        );
    });

    it("GIVEN an empty list of allowances THEN the file is refused rather than read as granting nothing", () => {
        assert.deepEqual(schemaProblems(allowancesFileSchema, file()), [
            "allowances: Too small: expected array to have >=1 items (got []) Fix: list at least 1",
        ]);
    });

    it("GIVEN a short reason, an unnamed approver, no environments, a chart without its team and a misspelt grant THEN each is a problem at its key", () => {
        const entry = {
            ...approved,
            reason: "because",
            approvedBy: "me",
            quota: { pods: 1 },
            environments: [],
            charts: ["ledger"],
            egres: ["10.0.0.0/8"],
        };
        assert.deepEqual(schemaProblems(allowancesFileSchema, file(entry)), [
            'allowances[0].reason: must say why, in at least 10 characters (got "because") Fix: write at least 10 characters',
            'allowances[0].approvedBy: must name who approved it (got "me") Fix: write at least 3 characters',
            "allowances[0].environments: Too small: expected array to have >=1 items (got []) Fix: list at least 1",
            'allowances[0].charts[0]: must be <team>/<chart> (got "ledger") Fix: make it <team>/<chart>',
            'allowances[0].egres: unknown key "egres" Fix: did you mean "egress"?',
        ]);
    });
});
