import * as pulumi from "@pulumi/pulumi";

/** One registered resource as the engine identifies it: type, name, parent and the parents its aliases name. */
export interface Registration {
    readonly key: string;
    readonly type: string;
    readonly name: string;
    /** The parent's key; undefined for a child of the stack. */
    readonly parent?: string;
    /** For each `{ parent }` alias (with or without a former `name`): that former parent's key (undefined: the stack) and name. */
    readonly aliasParents: readonly (string | undefined)[];
    /** The former name of each alias in {@link aliasParents}, where it names one. */
    readonly aliasNames?: readonly (string | undefined)[];
}

/** The value of an output the mocks resolved (the SDK's own view of it). */
const settled = <T>(output: pulumi.Input<T>) =>
    Promise.resolve((output as unknown as { promise?(): Promise<T> }).promise?.() ?? (output as T));

/**
 * The registrations of a program, from the resource transformations' arguments. A `{ parent }` alias may
 * name the former parent as a resource or by its URN (an output): both are resolved to its key.
 */
export async function registrations(captured: readonly pulumi.ResourceTransformationArgs[]): Promise<Registration[]> {
    const keys = new Map<unknown, string>(captured.map((c) => [c.resource, `${c.type}::${c.name}`]));
    for (const c of captured) {
        keys.set(await settled(c.resource.urn), `${c.type}::${c.name}`);
    }
    const parents = new Map<unknown, string | undefined>();
    for (const c of captured) {
        for (const alias of c.opts.aliases ?? []) {
            const parent = typeof alias === "object" && "parent" in alias ? (alias as pulumi.Alias).parent : undefined;
            if (parent !== undefined && !pulumi.Resource.isInstance(parent)) {
                // A parent this program registers, by its key; else (a former parent now in another stack
                // or gone) its URN as given.
                const urn = await settled(parent);
                parents.set(parent, keys.get(urn) ?? String(urn));
            }
        }
    }
    const keyOf = (r: unknown) => (r !== undefined && keys.has(r) ? keys.get(r) : parents.get(r));
    return captured.map((c) => {
        // Only `{ parent }` and `{ name, parent }` aliases move a resource between parents; the provider SDKs
        // add type aliases (former API versions) of their own, which are left out here.
        const moves = (c.opts.aliases ?? []).filter(
            (alias): alias is pulumi.Alias =>
                typeof alias === "object" && "parent" in alias && Object.keys(alias).every((k) => k === "parent" || k === "name"),
        );
        return {
            key: `${c.type}::${c.name}`,
            type: c.type,
            name: c.name,
            parent: keyOf(c.opts.parent),
            aliasParents: moves.map((alias) => keyOf(alias.parent)),
            aliasNames: moves.map((alias) => (typeof alias.name === "string" ? alias.name : undefined)),
        };
    });
}

/**
 * URNs and aliases as the Pulumi engine computes them: a URN's type is its parent's qualified type (the
 * `$`-joined types of its ancestors, the root stack left out) followed by its own; a `{ parent }` alias is
 * the URN under that former parent; and every alias of a parent gives each child an alias under it (a
 * child named after its parent takes the parent's former name). The SDK's mocks build URNs from the
 * immediate parent's type only, so they cannot stand in for the engine here.
 */
export function engineUrns(all: readonly Registration[], stack: string, project: string): Map<string, { urn: string; aliases: string[] }> {
    const byKey = new Map(all.map((r) => [r.key, r]));
    const urn = (qualifiedType: string, name: string) => `urn:pulumi:${stack}::${project}::${qualifiedType}::${name}`;
    const typeOf = (u: string) => u.split("::")[2] as string;
    // A URN the program computed (createUrn) on the mocks: theirs qualify types with the root stack's, the engine's never do.
    const engineType = (u: string) => typeOf(u).replace(/^pulumi:pulumi:Stack\$/, "");
    const nameOf = (u: string) => u.split("::")[3] as string;
    const memo = new Map<string, { urn: string; aliases: string[] }>();
    const resolve = (key: string): { urn: string; aliases: string[] } => {
        const known = memo.get(key);
        if (known) {
            return known;
        }
        const r = byKey.get(key);
        if (!r) {
            throw new Error(`${key} was never registered`);
        }
        const under = (parent: string | undefined, name: string, type: string) =>
            urn(parent ? `${parent.startsWith("urn:") ? engineType(parent) : typeOf(resolve(parent).urn)}$${type}` : type, name);
        const parent = r.parent ? resolve(r.parent) : undefined;
        const own = r.aliasParents.map((p, i) => under(p, r.aliasNames?.[i] ?? r.name, r.type));
        const parentName = r.parent ? (byKey.get(r.parent)?.name ?? "") : "";
        const inherited = (parent?.aliases ?? []).map((a) => {
            const name = r.name.startsWith(parentName) ? nameOf(a) + r.name.slice(parentName.length) : r.name;
            return urn(`${typeOf(a)}$${r.type}`, name);
        });
        const result = { urn: under(r.parent, r.name, r.type), aliases: [...new Set([...own, ...inherited])] };
        memo.set(key, result);
        return result;
    };
    return new Map(all.map((r) => [r.key, resolve(r.key)]));
}
