import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { installedHelm } from "../../plan/helm";
import { ROOT } from "../helpers";

/** The Helm `npm run tools` installs: what this machine's tests render with. */
const PACKAGED = path.join(ROOT, ".tools", "helm");

describe("the Helm the plan renders with (plan/helm.ts)", () => {
    let empty: string;
    before(() => {
        assert.ok(fs.existsSync(PACKAGED), `${PACKAGED} is missing: npm run tools installs it`);
        empty = fs.mkdtempSync(path.join(os.tmpdir(), "no-helm-"));
    });
    after(() => fs.rmSync(empty, { recursive: true, force: true }));

    it("GIVEN a Helm on the PATH THEN the plan runs that one, by name", () => {
        assert.equal(installedHelm(empty, { PATH: path.dirname(PACKAGED) }), "helm");
    });

    it("GIVEN no Helm on the PATH and one in the repository's .tools THEN the plan runs that one, by its path", () => {
        assert.equal(installedHelm(ROOT, { PATH: empty }), PACKAGED);
    });

    it("GIVEN no Helm on the PATH nor in .tools THEN there is none, and nothing is downloaded", () => {
        assert.equal(installedHelm(empty, { PATH: empty }), undefined);
        assert.deepEqual(fs.readdirSync(empty), []);
    });
});
