import * as fs from "node:fs";
import * as path from "node:path";
import { ROOT } from "../helpers";
import { tempDir } from "./temp";

/** The sample's configuration (stack files, tenants, allowances, values, monitoring, charts, keys, the chart lock) copied into a fresh temporary folder. */
export function copySample(): string {
    const dir = tempDir("sample-");
    for (const name of fs.readdirSync(ROOT)) {
        if (
            /^Pulumi\..*yaml$/.test(name) ||
            ["tenants", "allowances", "values", "monitoring", "charts", "keys", "charts.lock.yaml"].includes(name)
        ) {
            fs.cpSync(path.join(ROOT, name), path.join(dir, name), { recursive: true });
        }
    }
    return dir;
}
