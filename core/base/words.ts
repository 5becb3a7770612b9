/** `n` with its noun, singular for exactly one: `counted(1, "warning")` is "1 warning", `counted(2, "policy", "policies")` "2 policies". */
export function counted(n: number, singular: string, plural = `${singular}s`): string {
    return `${n} ${n === 1 ? singular : plural}`;
}
