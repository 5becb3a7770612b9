import { SECRET } from "../base/constants";
import { formatKeyPath, type KeyPath } from "../base/keyPath";
import { TYPE } from "../base/resourceTypes";
import { releasePath } from "../model/stackModel";
import { isMap } from "../values/merge";
import type { ManifestDiff } from "./manifestDiff";
import { allReleases, clusterIdentifierOf, type Plan, type PlanRelease, type PlanResource, resourceKey } from "./planTypes";
import { consequenceOf, replacingKeys } from "./replacements";

/** One changed leaf: its key path and both sides (`undefined` where absent). */
export interface ValueChange {
    readonly key: string;
    readonly from?: unknown;
    readonly to?: unknown;
    /** For release values: the file that set the new value. */
    readonly source?: string;
}

export interface ReleaseRef {
    readonly cluster: string;
    readonly namespace: string;
    readonly name: string;
}

/** A resource whose input changes make Pulumi delete it and create it again. */
export interface ResourceChange {
    /** `<type>::<name>`. */
    readonly resource: string;
    /** The input keys that change. */
    readonly keys: readonly string[];
    /** Set when the change replaces the resource. */
    readonly replace?: true;
}

/** A replacement or a removal that deletes something that runs, said in words. */
export interface Destruction {
    readonly resource: string;
    readonly action: "replace" | "remove";
    /** The changed keys that force a replacement. */
    readonly because?: readonly string[];
    readonly consequence: string;
    /** The resource is protected: Pulumi refuses to delete it, so the deployment would fail. */
    readonly protected: boolean;
}

/** What changes between two plans of one stack. */
export interface PlanDiff {
    readonly stack: string;
    readonly resources: {
        readonly added: readonly string[];
        readonly removed: readonly string[];
        readonly changed: readonly ResourceChange[];
    };
    /** Replacements, and removals of what holds other things (namespaces, clusters, registries, resource groups). */
    readonly destructive: readonly Destruction[];
    /** Team and platform releases. */
    /** Rendered manifests, object by object, for releases rendered on both sides (set by the plan CLI). */
    readonly manifests?: readonly ManifestDiff[];
    readonly releases: {
        readonly added: readonly (ReleaseRef & { readonly version: string })[];
        readonly removed: readonly (ReleaseRef & { readonly version: string })[];
        readonly reversioned: readonly (ReleaseRef & { readonly from: string; readonly to: string })[];
        /** Merged values changed key by key; secret keys only as `[secret] changed`. */
        readonly values: readonly (ReleaseRef & { readonly changes: readonly ValueChange[] })[];
    };
}

/** `+added −removed ~changed` resources. */
export const countResourceChanges = (r: PlanDiff["resources"]) => `+${r.added.length} −${r.removed.length} ~${r.changed.length}`;

/** `+added −removed, n re-versioned, m with changed values` releases. */
export const countReleaseChanges = (r: PlanDiff["releases"]) =>
    `+${r.added.length} −${r.removed.length}, ${r.reversioned.length} re-versioned, ${r.values.length} with changed values`;

const keyOf = (r: PlanResource) => resourceKey(r.type, r.name);

/** The differences from `before` to `after`. Both are plans of the same stack. */
export function diffPlans(before: Plan, after: Plan): PlanDiff {
    const oldResources = new Map(before.resources.map((r) => [keyOf(r), r]));
    const newResources = new Map(after.resources.map((r) => [keyOf(r), r]));
    const changed = [...newResources.entries()].flatMap(([key, r]): ResourceChange[] => {
        const old = oldResources.get(key);
        const keys = old ? changedKeys(old.inputs, r.inputs).map((k) => k.key) : [];
        return keys.length ? [{ resource: key, keys, ...(replacingKeys(r.type, keys).length ? { replace: true as const } : {}) }] : [];
    });
    const removed = [...oldResources.keys()].filter((k) => !newResources.has(k)).sort();
    const releases = releaseChanges(before, after);
    return {
        stack: after.stack,
        resources: {
            added: [...newResources.keys()].filter((k) => !oldResources.has(k)).sort(),
            removed,
            changed: [...changed, ...hiddenValueChanges(after, releases.values, changed)],
        },
        destructive: destructions(before, changed, removed),
        releases,
    };
}

/** Releases added, removed, re-versioned, and with changed values, team and platform releases alike. */
function releaseChanges(before: Plan, after: Plan): PlanDiff["releases"] {
    const oldReleases = new Map(allReleases(before).map((r) => [releasePath(r), r]));
    const newReleases = new Map(allReleases(after).map((r) => [releasePath(r), r]));
    const ref = (r: PlanRelease): ReleaseRef => ({ cluster: r.cluster, namespace: r.namespace, name: r.name });
    return {
        added: [...newReleases.entries()].filter(([k]) => !oldReleases.has(k)).map(([, r]) => ({ ...ref(r), version: r.version })),
        removed: [...oldReleases.entries()].filter(([k]) => !newReleases.has(k)).map(([, r]) => ({ ...ref(r), version: r.version })),
        reversioned: [...newReleases.entries()].flatMap(([k, r]) => {
            const old = oldReleases.get(k);
            return old && old.version !== r.version ? [{ ...ref(r), from: old.version, to: r.version }] : [];
        }),
        values: [...newReleases.entries()].flatMap(([k, r]) => {
            const old = oldReleases.get(k);
            const changes = old ? valueChanges(old, r, before.secretVersions ?? {}, after.secretVersions ?? {}) : [];
            return changes.length ? [{ ...ref(r), changes }] : [];
        }),
    };
}

/**
 * The Helm release resources whose values changed behind a secret: a release whose values hold a secret
 * passes them all as one Pulumi secret, so its resource's `values` input reads `[secret]` on both sides;
 * the release's own diff knows they changed, and Pulumi will update the resource.
 */
function hiddenValueChanges(after: Plan, changedValues: readonly ReleaseRef[], changed: readonly ResourceChange[]): ResourceChange[] {
    const byKey = new Map(after.resources.map((r) => [keyOf(r), r]));
    const listed = new Set(changed.map((c) => c.resource));
    return changedValues.flatMap((release) => {
        const resource = after.resources.find(
            (r) =>
                r.type === "kubernetes:helm.sh/v3:Release" &&
                r.inputs["name"] === release.name &&
                r.inputs["namespace"] === release.namespace &&
                clusterIdentifierOf(byKey, r)?.split("/").pop() === release.cluster,
        );
        return resource && resource.inputs["values"] === SECRET && !listed.has(keyOf(resource))
            ? [{ resource: keyOf(resource), keys: ["values"] }]
            : [];
    });
}

/** Types whose removal deletes what is in them. */
const HOLDERS: ReadonlySet<string> = new Set([TYPE.namespace, TYPE.managedCluster, TYPE.registry, TYPE.resourceGroup]);

/** Every replacement, and every removal of a holder or of a protected resource, with what it deletes. */
function destructions(before: Plan, changed: readonly ResourceChange[], removed: readonly string[]): Destruction[] {
    const old = new Map(before.resources.map((r) => [keyOf(r), r]));
    const clusterOf = (r: PlanResource) => clusterIdentifierOf(old, r);
    const replaced = changed
        .filter((c) => c.replace)
        .map((c): Destruction => {
            const r = old.get(c.resource) as PlanResource;
            return {
                resource: c.resource,
                action: "replace",
                because: replacingKeys(r.type, c.keys),
                consequence: consequenceOf(r, clusterOf(r)),
                protected: r.protect,
            };
        });
    const gone = removed.flatMap((key): Destruction[] => {
        const r = old.get(key) as PlanResource;
        return HOLDERS.has(r.type) || r.protect
            ? [{ resource: key, action: "remove", consequence: consequenceOf(r, clusterOf(r)), protected: r.protect }]
            : [];
    });
    return [...replaced, ...gone];
}

/** Leaves of a document: key path → value; arrays and empty maps are leaves. */
export function leavesOf(value: unknown, path: KeyPath = [], out = new Map<string, unknown>()): Map<string, unknown> {
    if (isMap(value) && Object.keys(value).length > 0) {
        for (const [k, v] of Object.entries(value)) {
            leavesOf(v, [...path, k], out);
        }
    } else if (path.length > 0) {
        out.set(formatKeyPath(path), value);
    }
    return out;
}

function changedKeys(before: unknown, after: unknown): ValueChange[] {
    const a = leavesOf(before);
    const b = leavesOf(after);
    const keys = [...new Set([...a.keys(), ...b.keys()])].sort();
    return keys.filter((k) => JSON.stringify(a.get(k)) !== JSON.stringify(b.get(k))).map((k) => ({ key: k, from: a.get(k), to: b.get(k) }));
}

/**
 * Release values key by key. A secret key never shows a value: it is `[secret]` changed when the secret
 * it references, or that secret's ciphertext, changed, and is left out when neither did. A list that
 * holds secrets (Alertmanager's receivers) shows its masked entries when they change, and `[secret]
 * changed` when only a secret in it did.
 */
function valueChanges(
    before: PlanRelease,
    after: PlanRelease,
    oldVersions: Readonly<Record<string, string>>,
    newVersions: Readonly<Record<string, string>>,
): ValueChange[] {
    const secretState = (r: PlanRelease, versions: Readonly<Record<string, string>>, key: string) => {
        const name = r.secrets?.[key];
        return name === undefined ? undefined : `${name}@${versions[name] ?? "?"}`;
    };
    const secretsWithin = (r: PlanRelease, versions: Readonly<Record<string, string>>, key: string) =>
        Object.entries(r.secrets ?? {})
            .filter(([k]) => k.startsWith(`${key}[`) || k.startsWith(`${key}.`))
            .map(([k, name]) => `${k}=${name}@${versions[name] ?? "?"}`)
            .sort()
            .join(",");
    const a = leavesOf(before.values);
    const b = leavesOf(after.values);
    const keys = [...new Set([...a.keys(), ...b.keys()])].sort();
    return keys.flatMap((key) => {
        const oldSecret = secretState(before, oldVersions, key);
        const newSecret = secretState(after, newVersions, key);
        if (oldSecret !== undefined || newSecret !== undefined) {
            return oldSecret === newSecret
                ? []
                : [
                      {
                          key,
                          from: oldSecret ? SECRET : undefined,
                          to: newSecret ? `${SECRET} changed` : undefined,
                          source: after.sources[key],
                      },
                  ];
        }
        const from = a.get(key);
        const to = b.get(key);
        const source = b.has(key) ? after.sources[key] : undefined;
        if (JSON.stringify(from) !== JSON.stringify(to)) {
            return [{ key, from, to, source }];
        }
        return secretsWithin(before, oldVersions, key) === secretsWithin(after, newVersions, key)
            ? []
            : [{ key, from: SECRET, to: `${SECRET} changed`, source }];
    });
}
