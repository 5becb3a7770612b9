import * as assert from "node:assert/strict";
import { conditionScope, repositoryPrefixCondition, WRITER_DATA_ACTIONS } from "../../../core/azure/repositoryConditions";

describe("repositoryPrefixCondition", () => {
    it("GIVEN one action THEN the condition allows it only on repositories under the prefix, in ACR's ABAC syntax", () => {
        assert.equal(
            repositoryPrefixCondition("helm-charts/fintech/", ["Microsoft.ContainerRegistry/registries/repositories/content/write"]),
            [
                "(",
                " (",
                "  !(ActionMatches{'Microsoft.ContainerRegistry/registries/repositories/content/write'})",
                " )",
                " OR",
                " (",
                "  @Request[Microsoft.ContainerRegistry/registries/repositories:name] StringStartsWithIgnoreCase 'helm-charts/fintech/'",
                " )",
                ")",
            ].join("\n"),
        );
    });

    it("GIVEN no actions THEN it narrows every data action of Repository Writer, and scope reads them back", () => {
        assert.deepEqual(conditionScope(repositoryPrefixCondition("helm-charts/fintech/")), {
            prefixes: ["helm-charts/fintech/"],
            actions: [...WRITER_DATA_ACTIONS],
        });
    });

    it("GIVEN several actions THEN each is negated and joined with AND, so the name condition binds them all", () => {
        const condition = repositoryPrefixCondition("helm-charts/data/", ["a/read", "a/write"]);
        assert.match(condition, /!\(ActionMatches\{'a\/read'\}\)\n {2}AND\n {2}!\(ActionMatches\{'a\/write'\}\)/);
    });

    const refused: [prefix: string, why: string][] = [
        ["helm-charts/fin", "without the trailing '/' it would cover helm-charts/fintech-ops/"],
        ["Helm-charts/fin/", "capitals"],
        ["/helm-charts/fin/", "a leading '/'"],
        ["helm-charts/fin'/", "a quote, which would end the condition's string"],
        ["helm-charts/a b/", "a space"],
        ["", "nothing"],
    ];
    for (const [prefix, why] of refused) {
        it(`GIVEN the prefix ${JSON.stringify(prefix)} (${why}) THEN it is refused`, () => {
            assert.throws(() => repositoryPrefixCondition(prefix), {
                message: `repository prefix "${prefix}" must be lowercase path segments ending with "/"`,
            });
        });
    }
});

describe("conditionScope", () => {
    it("GIVEN no condition of the platform's THEN it allows no prefix and narrows no action", () => {
        assert.deepEqual(conditionScope(""), { prefixes: [], actions: [] });
        assert.deepEqual(conditionScope("@Resource[x] StringEquals 'y'"), { prefixes: [], actions: [] });
    });
});
