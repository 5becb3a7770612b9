import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import { CONFIG_NAMESPACE } from "../core/base/constants";
import { ROOT } from "./helpers";

const project = parse(fs.readFileSync(path.join(ROOT, "Pulumi.yaml"), "utf8")) as { main: string; config?: Record<string, unknown> };

describe("Pulumi.yaml", () => {
    it("runs the stack program (index.ts), not the package's main", () => {
        assert.equal(project.main, "index.ts");
        assert.ok(fs.existsSync(path.join(ROOT, project.main)));
    });

    it("declares no helm-platform setting, which Pulumi would require or default in a shard's stack that holds only secrets", () => {
        const declared = Object.keys(project.config ?? {}).filter((key) => !key.includes(":") || key.startsWith(`${CONFIG_NAMESPACE}:`));
        assert.deepEqual(declared, []);
    });
});
