import { parseAllDocuments } from "yaml";
import { isMap } from "../values/merge";

/** One changed field of a Kubernetes object: its path (`spec.replicas`, `spec.template.spec.containers[0].image`). */
export interface FieldChange {
    readonly key: string;
    readonly from?: unknown;
    readonly to?: unknown;
}

/** An object of a release's manifests that appears, disappears or changes: `Deployment fintech/payments-api`. */
export interface ObjectChange {
    readonly object: string;
    readonly change: "added" | "removed" | "changed";
    readonly fields?: readonly FieldChange[];
}

/** What a release's rendered manifests change, object by object. */
export interface ManifestDiff {
    /** `<cluster>/<namespace>/<release>`. */
    readonly release: string;
    readonly objects: readonly ObjectChange[];
}

/** The objects of a `helm template` output by `<kind> <namespace>/<name>` (the release's namespace when unset). */
export function objectsOf(manifest: string, namespace: string): Map<string, unknown> {
    const objects = new Map<string, unknown>();
    for (const doc of parseAllDocuments(manifest)) {
        const object = doc.toJS() as unknown;
        if (!isMap(object) || typeof object["kind"] !== "string") {
            continue;
        }
        const metadata = isMap(object["metadata"]) ? object["metadata"] : {};
        objects.set(`${object["kind"]} ${String(metadata["namespace"] ?? namespace)}/${String(metadata["name"])}`, object);
    }
    return objects;
}

/** Every leaf of an object, lists included element by element. */
function fieldsOf(value: unknown, path = "", out = new Map<string, unknown>()): Map<string, unknown> {
    if (Array.isArray(value) && value.length > 0) {
        value.forEach((v, i) => {
            fieldsOf(v, `${path}[${i}]`, out);
        });
    } else if (isMap(value) && Object.keys(value).length > 0) {
        for (const [k, v] of Object.entries(value)) {
            fieldsOf(v, path ? `${path}.${k}` : k, out);
        }
    } else if (path) {
        out.set(path, value);
    }
    return out;
}

/** The object-by-object changes between two renderings of one release (either side may be missing). */
export function diffManifests(release: string, namespace: string, before: string | undefined, after: string | undefined): ManifestDiff {
    const a = objectsOf(before ?? "", namespace);
    const b = objectsOf(after ?? "", namespace);
    const objects: ObjectChange[] = [];
    for (const key of [...new Set([...a.keys(), ...b.keys()])].sort()) {
        if (!a.has(key)) {
            objects.push({ object: key, change: "added" });
        } else if (!b.has(key)) {
            objects.push({ object: key, change: "removed" });
        } else {
            const [x, y] = [fieldsOf(a.get(key)), fieldsOf(b.get(key))];
            const fields = [...new Set([...x.keys(), ...y.keys()])]
                .sort()
                .filter((k) => JSON.stringify(x.get(k)) !== JSON.stringify(y.get(k)))
                .map((k) => ({ key: k, from: x.get(k), to: y.get(k) }));
            if (fields.length > 0) {
                objects.push({ object: key, change: "changed", fields });
            }
        }
    }
    return { release, objects };
}
