import { isMap, type Values } from "./merge";
import type { KeyPath } from "../keyPath";
import { SECRET } from "../planTypes";

/**
 * A `!secret <name>` in a values file becomes this prefix plus the name: a plain string, so merging,
 * cloning and provenance treat it like any scalar, and it cannot collide with YAML text (NUL).
 */
export const SECRET_REF_PREFIX = "\u0000helm-platform-secret:";

export const secretRef = (name: string) => `${SECRET_REF_PREFIX}${name}`;

export function secretNameOf(value: unknown): string | undefined {
    return typeof value === "string" && value.startsWith(SECRET_REF_PREFIX) ? value.slice(SECRET_REF_PREFIX.length) : undefined;
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
    const name = secretNameOf(values);
    if (name !== undefined) {
        return replace(name);
    }
    if (Array.isArray(values)) {
        return values.map((v) => mapSecretRefs(v, replace));
    }
    if (isMap(values)) {
        return Object.fromEntries(Object.entries(values).map(([k, v]) => [k, mapSecretRefs(v, replace)]));
    }
    return values;
}

/** Values as the plan shows them: each secret as `[secret]`. */
export const maskSecrets = (values: Values): Values => mapSecretRefs(values, () => SECRET) as Values;

/** Values with the secrets filled in, for the release only (the caller wraps them in a Pulumi secret). */
export function resolveSecrets(values: Values, secrets: Readonly<Record<string, string>>): Values {
    return mapSecretRefs(values, (name) => {
        if (!(name in secrets)) {
            throw new Error(`secret "${name}" is not configured (pulumi config set --secret --path 'helm-platform:secrets.${name}')`);
        }
        return secrets[name];
    }) as Values;
}

