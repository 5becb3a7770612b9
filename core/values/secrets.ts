import { SECRET, setSecretCommand } from "../base/constants";
import type { KeyPath } from "../base/keyPath";
import { secretNameOf } from "../yaml/secretTag";
import { isMap, mapLeaves, type Values } from "./merge";

export { secretNameOf, secretRef } from "../yaml/secretTag";

/**
 * Every secret belongs to an owner, `platform` or a team: `helm-platform:secrets.<owner>.<name>`. A
 * values file's `!secret <name>` is read as the file's owner's, so a team can name only its own.
 */
export const ownedSecret = (owner: string, name: string) => `${owner}/${name}`;

/** The owner and name of a reference qualified by {@link ownedSecret}. */
export function secretOwnerAndName(qualified: string): { owner: string; name: string } {
    const at = qualified.indexOf("/");
    return { owner: qualified.slice(0, at), name: qualified.slice(at + 1) };
}

/** Every secret reference in a values document, with its key path. */
export function secretRefs(values: unknown, path: KeyPath = []): { path: KeyPath; name: string }[] {
    const name = secretNameOf(values);
    if (name !== undefined) {
        return [{ path, name }];
    }
    if (Array.isArray(values)) {
        return values.flatMap((v, i) => secretRefs(v, [...path, i]));
    }
    if (isMap(values)) {
        return Object.entries(values).flatMap(([k, v]) => secretRefs(v, [...path, k]));
    }
    return [];
}

/** The values with each reference replaced by `replace(name)`; never mutates its input. */
export function mapSecretRefs(values: unknown, replace: (name: string) => unknown): unknown {
    return mapLeaves(values, (leaf) => {
        const name = secretNameOf(leaf);
        return name === undefined ? leaf : replace(name);
    });
}

/** Values as the plan shows them: each secret as `[secret]`. */
export const maskSecrets = (values: Values): Values => mapSecretRefs(values, () => SECRET) as Values;

/** The secrets configured per owner: `helm-platform:secrets` as the program reads it. */
export type OwnedSecrets = Readonly<Record<string, Readonly<Record<string, string>>>>;

/**
 * Values with the secrets filled in, for the release only (the caller wraps them in a Pulumi secret).
 * `secrets` holds only what the release may read; any other reference fails.
 */
export function resolveSecrets(values: Values, secrets: OwnedSecrets): Values {
    return mapSecretRefs(values, (qualified) => {
        const { owner, name } = secretOwnerAndName(qualified);
        const value = secrets[owner]?.[name];
        if (value === undefined) {
            throw new Error(`secret "${name}" of ${owner} is not available here (${setSecretCommand(owner, name)})`);
        }
        return value;
    }) as Values;
}
