/**
 * A `!secret <name>` in a values file becomes this prefix plus the name: a plain string, so merging,
 * cloning and provenance treat it like any scalar, and it cannot collide with YAML text (NUL). The
 * YAML reader makes them; `values/secrets.ts` qualifies, finds, masks and resolves them.
 */
const SECRET_REF_PREFIX = "\u0000helm-platform-secret:";

export const secretRef = (name: string) => `${SECRET_REF_PREFIX}${name}`;

/** The name a reference stands for, or undefined for any other value. */
export function secretNameOf(value: unknown): string | undefined {
    return typeof value === "string" && value.startsWith(SECRET_REF_PREFIX) ? value.slice(SECRET_REF_PREFIX.length) : undefined;
}
