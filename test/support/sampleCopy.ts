import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { ROOT } from "../helpers";

/** The sample's configuration (stack files, tenants, allowances, values, monitoring, charts, keys, the chart lock) copied into a fresh temporary folder. */
export function copySample(): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sample-"));
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
