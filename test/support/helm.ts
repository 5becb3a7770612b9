import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { promisify } from "node:util";
import { helmBinary } from "../../scripts/tools";
import { ROOT } from "../helpers";
import { tempDir } from "./temp";

const run = promisify(execFile);

/** The two charts whose only template prints `.Values` as JSON: one without defaults, one with. */
export type DumpChart = "values-dump" | "values-defaults";

/** The values the real Helm computes for a release of `chart` given these `-f` files, in order. */
export async function helmValues(files: readonly string[], chart: DumpChart = "values-dump"): Promise<unknown> {
    const helm = await helmBinary();
    const dir = path.join(ROOT, "test", "fixtures", "charts", chart);
    const { stdout } = await run(helm, ["template", "dump", dir, ...files.flatMap((f) => ["-f", f])], { maxBuffer: 256 * 1024 * 1024 });
    const json = stdout.trim().split("\n").pop() as string;
    return JSON.parse(json);
}

/** Writes `texts` as files in a fresh folder and returns their paths, in order. */
export function writeLayers(texts: readonly string[]): string[] {
    const dir = tempDir("helm-layers-");
    return texts.map((text, i) => {
        const file = path.join(dir, `layer-${i}.yaml`);
        fs.writeFileSync(file, text);
        return file;
    });
}
