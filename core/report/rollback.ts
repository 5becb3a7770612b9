import { isScalar, parseDocument } from "yaml";
import { APP_VALUES_FILE } from "../base/layout";
import { ValuesReader } from "../values/hierarchy";
import { leavesOf, type PlanDiff } from "./diff";
import type { PlanRelease } from "./planTypes";

/** The chart lock at the repository's root (written by the supply chain's `npm run lock`); optional. */
export const LOCK_FILE = "charts.lock.yaml";

/**
 * Where the lock keeps a chart's entry for an environment. The lock's format belongs to the command that
 * writes it; this is the one place a rollback knows it.
 */
export const lockEntryPath = (environment: string, chart: string): string[] => [environment, chart];

/** The tenant file's key that pins a release's chart version in an environment. */
export const versionPath = (app: string, environment: string): string[] => ["apps", app, "versions", environment];

/**
 * Whether a file of an app's folder (by name) is one of the release's own values files in `environment`:
 * `values.<env>.yaml` and `values.<env>.<cluster>.yaml`. The app's `values.yaml` is not: it feeds every
 * environment of the app, and rolling one environment back must not change the others.
 */
export function isOwnValuesFile(name: string, environment: string): boolean {
    return APP_VALUES_FILE.exec(name)?.[1] === environment;
}

/** The chart version a tenant file pins for `app` in `environment`, if it pins one. */
export function pinnedVersion(text: string | undefined, app: string, environment: string): string | undefined {
    const value = text === undefined ? undefined : parseDocument(text).getIn(versionPath(app, environment));
    return typeof value === "string" ? value : undefined;
}

/**
 * `current` with the version of `app` in `environment` set to the one `ref` pins, written as `ref` wrote
 * it: the scalar is found through the YAML document and only its characters are replaced, so every
 * comment, blank line and quote of the file stays as it is.
 */
export function withVersionOf(current: string, ref: string, app: string, environment: string): string {
    const path = versionPath(app, environment);
    const before = parseDocument(current).getIn(path, true);
    const after = parseDocument(ref).getIn(path, true);
    if (!isScalar(before) || !before.range || !isScalar(after) || !after.range || typeof after.value !== "string") {
        throw new Error(`${path.join(".")} is not a plain version in both files`);
    }
    const written = ref.slice(after.range[0], after.range[1]);
    return `${current.slice(0, before.range[0])}${written}${current.slice(before.range[1])}`;
}

/** The entry at `path` of a lock, as data (`undefined` when the lock or the entry is absent). */
export function lockEntry(text: string | undefined, path: readonly string[]): unknown {
    const node = text === undefined ? undefined : parseDocument(text).getIn(path, true);
    return node === undefined ? undefined : JSON.parse(JSON.stringify(node));
}

/** `current`'s lock with the entry at `path` as `ref` had it, or without it when `ref` had none. */
export function withLockEntryOf(current: string, ref: string | undefined, path: readonly string[]): string {
    const doc = parseDocument(current);
    const entry = ref === undefined ? undefined : parseDocument(ref).getIn(path, true);
    if (entry === undefined) {
        doc.deleteIn(path);
    } else {
        doc.setIn(path, entry);
    }
    return doc.toString();
}

/** A platform-wide (or every-environment) values file that changed since the ref, and what that means for the release. */
export interface SharedChange {
    readonly file: string;
    /** Each changed key, and per cluster the file that sets it for the release now (the changed file itself: the change reaches it). */
    readonly keys: readonly { readonly key: string; readonly setBy: Readonly<Record<string, string | undefined>> }[];
}

/** The keys that differ between two versions of a values file, and on each cluster whether they reach the release. */
export function sharedChange(
    file: string,
    before: string | undefined,
    after: string | undefined,
    releases: readonly PlanRelease[],
): SharedChange {
    // Read as the values hierarchy reads it (Helm's scalars); a broken side counts as empty.
    const leaves = (text: string | undefined) => {
        const tree = { list: () => [], isDirectory: () => false, read: (f: string) => (f === file ? text : undefined), refused: () => [] };
        return leavesOf(new ValuesReader(tree).read(file) ?? {});
    };
    const old = leaves(before);
    const now = leaves(after);
    const keys = [...new Set([...old.keys(), ...now.keys()])]
        .filter((key) => JSON.stringify(old.get(key)) !== JSON.stringify(now.get(key)))
        .sort()
        .map((key) => ({ key, setBy: Object.fromEntries(releases.map((r) => [r.cluster, r.sources[key]])) }));
    return { file, keys };
}

/** One line per shared change, saying for each key whether the release gets today's value (per cluster where they differ). */
export function describeSharedChange(change: SharedChange, ref: string, feeds: string): string {
    const meaning = (setBy: string | undefined) =>
        setBy === change.file
            ? "the release gets today's value"
            : setBy
              ? `set for the release by ${setBy}`
              : "not in the release's values";
    const keys = change.keys.map(({ key, setBy }) => {
        const meanings = [...new Set(Object.values(setBy).map(meaning))];
        const per = Object.entries(setBy).map(([cluster, by]) => `${cluster}: ${meaning(by)}`);
        return `${key} (${meanings.length === 1 ? meanings[0] : per.join("; ")})`;
    });
    return `${change.file} changed since ${ref} and is not rolled back: it feeds ${feeds}.${keys.length > 0 ? ` Keys: ${keys.join(", ")}.` : ""}`;
}

/** The diff of a narrowed plan as terminal lines: releases key by key, then rendered objects field by field. */
export function diffLines(diff: PlanDiff): string[] {
    const show = (v: unknown) => (v === undefined ? "(none)" : typeof v === "string" && v.startsWith("[") ? v : JSON.stringify(v));
    const at = (r: { cluster: string; namespace: string; name: string }) => `${r.cluster}/${r.namespace}/${r.name}`;
    const lines = [
        ...diff.releases.added.map((r) => `  ${at(r)}: added at ${r.version}`),
        ...diff.releases.removed.map((r) => `  ${at(r)}: removed (was ${r.version})`),
        ...diff.releases.reversioned.map((r) => `  ${at(r)}: chart version ${r.from} → ${r.to}`),
        ...diff.releases.values.flatMap((r) =>
            r.changes.map((c) => `  ${at(r)}: ${c.key} ${show(c.from)} → ${show(c.to)}${c.source ? ` (${c.source})` : ""}`),
        ),
        ...(diff.manifests ?? []).flatMap((m) =>
            m.objects.flatMap((o) =>
                o.change === "changed"
                    ? (o.fields ?? []).map((f) => `  ${m.release}: ${o.object} ${f.key} ${show(f.from)} → ${show(f.to)}`)
                    : [`  ${m.release}: ${o.object} ${o.change}`],
            ),
        ),
    ];
    return lines.length > 0 ? lines : ["  no change"];
}
