import * as assert from "node:assert/strict";
import { formatProblem } from "../../../core/base/problems";
import { changedLockedTree, changedTree, loadEnvironment, problemsOf, sampleTree, stackOfTeam } from "../../helpers";

const read = (file: string) => sampleTree().read(file) as string;

/** Retail's storefront installed from fintech's payments-api chart instead of its own. */
const BORROWED = { "tenants/retail.yaml": read("tenants/retail.yaml").replace("chart: storefront", "chart: fintech/payments-api") };

/** An allowance entry for retail that lists fintech's payments-api chart. */
const ALLOWED = `${read("allowances/retail.yaml")}  - reason: The storefront embeds the payments widget chart
    approvedBy: platform-team (PLAT-130)
    expires: "2028-12-31"
    charts: [fintech/payments-api]
`;

describe("another team's chart (chart: <team>/<chart>)", () => {
    it("GIVEN no allowance lists it THEN it is refused at the app's chart key, naming the allowance to ask for", () => {
        const problems = problemsOf(stackOfTeam("prod", "retail"), changedTree(BORROWED)).map(formatProblem);
        const refusal = problems.filter((p) => p.includes("apps.storefront.chart"));
        assert.equal(refusal.length, 1, problems.join("\n"));
        assert.match(
            refusal[0] as string,
            /^tenants\/retail\.yaml:\d+: apps\.storefront\.chart: app storefront installs team fintech's chart payments-api, which team retail is not allowed to use in prod Fix: ask the platform team \(owners of allowances\/\) to allow charts: \[fintech\/payments-api\] in allowances\/retail\.yaml \(for prod/,
        );
    });

    it("GIVEN the team's allowance lists it THEN the release installs it from the owner's registry path", () => {
        const model = loadEnvironment("prod", changedLockedTree({ ...BORROWED, "allowances/retail.yaml": ALLOWED }));
        const release = model.releases.find((r) => r.name === "retail-storefront");
        assert.equal(release?.chart, "oci://acrhelmplatformprod.azurecr.io/helm-charts/fintech/payments-api");
        assert.equal(release?.chartOwner, "fintech");
        assert.equal(release?.chartName, "payments-api");
    });

    it("GIVEN a team names its own chart as <team>/<chart> THEN nothing needs allowing", () => {
        const own = { "tenants/retail.yaml": read("tenants/retail.yaml").replace("chart: storefront", "chart: retail/storefront") };
        const release = loadEnvironment("prod", changedTree(own)).releases.find((r) => r.name === "retail-storefront");
        assert.equal(release?.chart, "oci://acrhelmplatformprod.azurecr.io/helm-charts/retail/storefront");
    });

    it("every sample release installs its own team's chart from the team's path", () => {
        const releases = loadEnvironment("prod").releases;
        assert.ok(releases.length > 0);
        for (const r of releases) {
            assert.equal(r.chart, `oci://acrhelmplatformprod.azurecr.io/helm-charts/${r.team}/${r.chartName}`);
        }
    });
});
