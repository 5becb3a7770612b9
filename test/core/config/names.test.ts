import * as assert from "node:assert/strict";
import {
    githubTeamSlugSchema,
    helmReleaseNameProblem,
    nameSchema,
    objectIdSchema,
    secretNameSchema,
    slackChannelSchema,
} from "../../../core/config/names";
import { schemaProblems } from "../../support/schemaProblems";

const NAME = ": must be lowercase letters, digits and '-', start with a letter and not end with '-'";

describe("nameSchema (team, app and cluster names)", () => {
    const team = nameSchema(30);

    it("GIVEN DNS-1123 labels that start with a letter, up to the length THEN they are names", () => {
        const names = ["fintech", "a", "a1", "payments-api", "x".repeat(30)];
        assert.deepEqual(
            names.flatMap((n) => schemaProblems(team, n)),
            [],
        );
    });

    const refused: [name: string, why: string][] = [
        ["1fintech", "a digit first"],
        ["-fintech", "a '-' first"],
        ["fintech-", "a '-' last"],
        ["Fintech", "a capital"],
        ["fin_tech", "an underscore"],
        ["fin.tech", "a dot"],
        ["", "nothing"],
    ];
    for (const [name, why] of refused) {
        it(`GIVEN ${JSON.stringify(name)} (${why}) THEN it is refused with the rule`, () => {
            assert.deepEqual(schemaProblems(team, name), [
                `${NAME} (got ${JSON.stringify(name)}) Fix: make it lowercase letters, digits and '-', start with a letter and not end with '-'`,
            ]);
        });
    }

    it("GIVEN a name one character too long THEN it is refused with the length allowed", () => {
        assert.deepEqual(schemaProblems(team, "x".repeat(31)), [
            `: must be at most 30 characters (got "${"x".repeat(31)}") Fix: write at most 30 characters`,
        ]);
    });
});

describe("objectIdSchema", () => {
    it("GIVEN a GUID, in either case THEN it is an object ID", () => {
        assert.deepEqual(schemaProblems(objectIdSchema, "3f0c6a52-8d1e-4b7a-9c2f-1a5e7d9b0c11"), []);
        assert.deepEqual(schemaProblems(objectIdSchema, "3F0C6A52-8D1E-4B7A-9C2F-1A5E7D9B0C11"), []);
    });

    it("GIVEN a group's name, a GUID in braces or one digit short THEN it is refused with an example", () => {
        for (const text of ["platform-admins", "{3f0c6a52-8d1e-4b7a-9c2f-1a5e7d9b0c11}", "3f0c6a52-8d1e-4b7a-9c2f-1a5e7d9b0c1"]) {
            assert.deepEqual(
                schemaProblems(objectIdSchema, text),
                [
                    `: must be an Entra ID object ID (a GUID such as 00000000-0000-0000-0000-000000000000) (got ${JSON.stringify(text)}) Fix: make it an Entra ID object ID (a GUID such as 00000000-0000-0000-0000-000000000000)`,
                ],
                text,
            );
        }
    });
});

describe("secret names, Slack channels and GitHub team slugs", () => {
    const cases: [what: string, schema: typeof secretNameSchema, accepted: string[], refused: string[]][] = [
        ["secret names", secretNameSchema, ["payments-db-password", "db.password_1", "0key"], ["Db", "-db", "_db", "db password", ""]],
        [
            "Slack channels",
            slackChannelSchema,
            ["#payments-alerts", "#a", `#${"a".repeat(80)}`],
            ["payments-alerts", "#", "#Payments", "#a b", "#<!here>", `#${"a".repeat(81)}`],
        ],
        [
            "GitHub team slugs",
            githubTeamSlugSchema,
            ["payments-team", "0team", "t".repeat(100)],
            ["Payments", "-team", "team_a", "", "t".repeat(101)],
        ],
    ];
    for (const [what, schema, accepted, refused] of cases) {
        it(`GIVEN ${what} THEN the valid ones hold and every other is refused`, () => {
            assert.deepEqual(
                accepted.filter((t) => schemaProblems(schema, t).length > 0),
                [],
            );
            assert.deepEqual(
                refused.filter((t) => schemaProblems(schema, t).length === 0),
                [],
            );
        });
    }

    it("GIVEN a channel that is not one THEN the message shows what one looks like", () => {
        assert.deepEqual(schemaProblems(slackChannelSchema, "payments"), [
            ': must be a Slack channel such as #payments-alerts (got "payments") Fix: make it a Slack channel such as #payments-alerts',
        ]);
    });
});

describe("helmReleaseNameProblem", () => {
    it("GIVEN a DNS-1123 label of at most 53 characters THEN Helm accepts it", () => {
        for (const name of ["fintech-payments-api", "1release", "r".repeat(53)]) {
            assert.equal(helmReleaseNameProblem(name), undefined, name);
        }
    });

    it("GIVEN 54 characters THEN it says the length and Helm's limit", () => {
        const name = "r".repeat(54);
        assert.equal(helmReleaseNameProblem(name), `release name "${name}" is 54 characters; Helm allows at most 53`);
    });

    it("GIVEN capitals, an underscore or a '-' last THEN it is no DNS-1123 label", () => {
        for (const name of ["Fintech-api", "fintech_api", "fintech-"]) {
            assert.equal(
                helmReleaseNameProblem(name),
                `release name "${name}" is not a DNS-1123 label (lowercase letters, digits and '-')`,
            );
        }
    });
});
