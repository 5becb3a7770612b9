import * as ipaddr from "ipaddr.js";
import { CONFIG_NAMESPACE } from "../base/constants";
import { formatKeyPath, type KeyPath } from "../base/keyPath";
import { isMap } from "../values/merge";

/**
 * The sample's placeholders: values the repository ships so that the offline plan runs, and that a real
 * deployment must replace with the platform's own. Each is recognised by what it is (a documentation
 * address range, an example domain, the sample's ciphertext nonce), or, for the sample's Entra object
 * IDs, which no pattern tells from real ones, by being one of them.
 */

/** Every Entra object ID the sample's files hold (test/core/config/placeholders.test.ts keeps this list complete). */
export const SAMPLE_OBJECT_IDS: ReadonlySet<string> = new Set([
    "0b4a1f6e-2c3d-4e5f-8a9b-0c1d2e3f4a51",
    "0b4a1f6e-2c3d-4e5f-8a9b-0c1d2e3f4a52",
    "3f0c6a52-8d1e-4b7a-9c2f-1a5e7d9b0c11",
    "4d9f2b6a-8c1e-4a3f-9b5d-2e7c0a1f3b61",
    "4d9f2b6a-8c1e-4a3f-9b5d-2e7c0a1f3b63",
    "6c2e8a41-7b3f-4d9e-a1c5-2f4b6d8e0a21",
    "7e1d3c5a-9b2f-4e6d-8a0c-1b3d5f7a9c21",
    "7e1d3c5a-9b2f-4e6d-8a0c-1b3d5f7a9c22",
    "7e1d3c5a-9b2f-4e6d-8a0c-1b3d5f7a9c23",
    "9a7d5c3b-1e2f-4a6b-8c0d-4e6f8a0b2c31",
    "9a7d5c3b-1e2f-4a6b-8c0d-4e6f8a0b2c32",
]);

/** The nonce of the sample's stand-in ciphertexts (`v1:<nonce>:<text>`): base64 of `sample-nonce`. */
export const SAMPLE_CIPHERTEXT_PREFIX = "v1:c2FtcGxlLW5vbmNl:";

/** Address ranges reserved for documentation (RFC 5737, RFC 3849): never a real network. */
const DOCUMENTATION_RANGES = ["192.0.2.0/24", "198.51.100.0/24", "203.0.113.0/24", "2001:db8::/32"].map((c) => ipaddr.parseCIDR(c));

/** One placeholder: where it is (a key path of the file), what it is, and what to put there. */
export interface Placeholder {
    readonly path: KeyPath;
    readonly what: string;
    readonly fix: string;
}

/** What kind of file the values come from: the settings of a stack, or a tenant's or allowance file. */
export type PlaceholderFile = { readonly kind: "stack"; readonly stack: string } | { readonly kind: "tenant" | "allowance" };

/** Every placeholder in a parsed file's data, in the order of the file. */
export function placeholdersIn(data: unknown, file: PlaceholderFile): Placeholder[] {
    const found: Placeholder[] = [];
    const walk = (value: unknown, path: KeyPath) => {
        if (isMap(value)) {
            for (const [key, child] of Object.entries(value)) {
                walk(child, [...path, key]);
            }
        } else if (Array.isArray(value)) {
            for (const [i, child] of value.entries()) {
                walk(child, [...path, i]);
            }
        } else if (typeof value === "string") {
            const placeholder = judge(value, path, file);
            if (placeholder) {
                found.push({ path, ...placeholder });
            }
        }
    };
    walk(data, []);
    return found;
}

function judge(value: string, path: KeyPath, file: PlaceholderFile): Omit<Placeholder, "path"> | undefined {
    const key = path[path.length - 1];
    if (file.kind === "stack" && path.length === 1 && key === "encryptedkey" && decoded(value).startsWith("placeholder")) {
        return {
            what: "a stand-in data key",
            fix: `remove it: pulumi stack init ${file.stack} --secrets-provider <your Key Vault key> writes the stack's own`,
        };
    }
    if (file.kind === "stack" && path.length === 1 && key === "secretsprovider" && value.includes("kv-helm-platform-")) {
        return {
            what: `a Key Vault of its own naming (${value})`,
            fix: "azurekeyvault://<your vault>.vault.azure.net/keys/<your key> (docs/first-deployment.md creates them)",
        };
    }
    if (key === "secure" && value.startsWith(SAMPLE_CIPHERTEXT_PREFIX)) {
        const setting = settingOf(path.slice(0, -1));
        const stack = file.kind === "stack" ? file.stack : "<stack>";
        return {
            what: "a stand-in ciphertext",
            fix: `pulumi config set --secret --path '${setting}' <value> --stack ${stack}`,
        };
    }
    if (SAMPLE_OBJECT_IDS.has(value.toLowerCase())) {
        return {
            what: "a made-up Entra object ID",
            fix: "the object ID of your own group or identity: az ad group show --group <name> --query id -o tsv",
        };
    }
    if (isDocumentationRange(value)) {
        return {
            what: `${value}, a range reserved for documentation (RFC 5737, RFC 3849)`,
            fix:
                key === "authorizedIpRanges" || path.includes("authorizedIpRanges")
                    ? "the ranges your deployers and CI runners reach the API server from, or none for no restriction"
                    : "the real network's range",
        };
    }
    if (file.kind === "stack" && settingOf(path) === `${CONFIG_NAMESPACE}:registry.name` && /^acrhelmplatform(dev|uat|prod)$/.test(value)) {
        return {
            what: `its registry name ${value} (registry names are unique across Azure)`,
            fix: "a name of your own: 5-50 letters and digits",
        };
    }
    if (/(^|\.)example$/i.test(value) || /^[\w-]+@[\w.-]+\.example$/i.test(value)) {
        return { what: `${value}, a domain reserved for examples (RFC 2606)`, fix: "a domain your organisation owns" };
    }
    if (/^contoso\//i.test(value)) {
        return { what: `${value}, a made-up GitHub organisation`, fix: "<your organisation>/<repository>" };
    }
    return undefined;
}

/**
 * A stack file's key path as its setting reads (`config.helm-platform:secrets.platform.x` →
 * `helm-platform:secrets.platform.x`, as `pulumi config --path` writes it); other paths as they are.
 */
export function settingOf(path: KeyPath): string {
    if (path[0] !== "config" || path.length < 2) {
        return formatKeyPath(path);
    }
    const rest = formatKeyPath(path.slice(2));
    return `${String(path[1])}${rest === "" ? "" : rest.startsWith("[") ? rest : `.${rest}`}`;
}

function decoded(base64: string): string {
    try {
        return Buffer.from(base64, "base64").toString("utf8");
    } catch {
        return "";
    }
}

function isDocumentationRange(value: string): boolean {
    try {
        const [address] = value.includes("/") ? ipaddr.parseCIDR(value) : [ipaddr.parse(value)];
        return DOCUMENTATION_RANGES.some(([range, bits]) => address.kind() === range.kind() && address.match(range, bits));
    } catch {
        return false;
    }
}
