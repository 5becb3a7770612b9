/**
 * Key paths as people read them: `apps.payments-api.versions.prod`, `clusters[1].location`,
 * `podAnnotations["prometheus.io/scrape"]`. Used for problems and for values provenance alike.
 */

export type KeyPath = readonly (string | number)[];

const PLAIN_KEY = /^[A-Za-z_][A-Za-z0-9_-]*$/;

export function formatKeyPath(path: KeyPath): string {
    let out = "";
    for (const segment of path) {
        if (typeof segment === "number") {
            out += `[${segment}]`;
        } else if (PLAIN_KEY.test(segment)) {
            out += out ? `.${segment}` : segment;
        } else {
            out += `[${JSON.stringify(segment)}]`;
        }
    }
    return out;
}
