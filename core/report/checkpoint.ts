/**
 * A stack's state as `pulumi stack export` writes it and `pulumi stack import` reads it: Pulumi v3.248.0's
 * `apitype.UntypedDeployment` (sdk/go/common/apitype/core.go) — `version`, `features` and `deployment`, a
 * `DeploymentV3` whose `resources` hold each resource's `urn` and whose `pending_operations` are the
 * operations the engine had started when it was stopped (`resource`, the state it started from, and
 * `type`: `creating`, `updating`, `deleting` or `reading`). Everything else passes through untouched.
 */
export interface ExportedStack {
    readonly version?: number;
    readonly features?: readonly string[];
    readonly deployment?: {
        readonly resources?: readonly { readonly urn: string }[];
        readonly pending_operations?: readonly PendingOperation[];
        readonly [field: string]: unknown;
    };
    readonly [field: string]: unknown;
}

export interface PendingOperation {
    readonly resource: { readonly urn: string; readonly [field: string]: unknown };
    readonly type: string;
}

/**
 * The state with the pending operations of `urns` removed, and which were: what a release whose Helm
 * lock was cleared by hand needs before Pulumi may act on it again. Other resources' pending operations
 * stay: they are someone else's to look at.
 */
export function withoutPendingOperations(
    exported: ExportedStack,
    urns: readonly string[],
): { readonly stack: ExportedStack; readonly cleared: readonly PendingOperation[] } {
    const pending = exported.deployment?.pending_operations ?? [];
    const cleared = pending.filter((op) => urns.includes(op.resource.urn));
    if (cleared.length === 0 || !exported.deployment) {
        return { stack: exported, cleared };
    }
    const kept = pending.filter((op) => !urns.includes(op.resource.urn));
    const { pending_operations: _, ...deployment } = exported.deployment;
    return { stack: { ...exported, deployment: kept.length > 0 ? { ...deployment, pending_operations: kept } : deployment }, cleared };
}

/** Which of `urns` the state holds: a refresh can only target a resource Pulumi already knows. */
export function urnsInState(exported: ExportedStack, urns: readonly string[]): string[] {
    const known = new Set((exported.deployment?.resources ?? []).map((r) => r.urn));
    return urns.filter((u) => known.has(u));
}
