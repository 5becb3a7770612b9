/**
 * Stacks: an environment is one Pulumi stack (`single`, the default) or, `sharded`, a foundation stack
 * named after the environment and one stack per tenant shard, `<environment>.<shard>`. Names only; the
 * layout is the environment's setting (`helm-platform:layout`, `helm-platform:shards`).
 */

/** `single`: everything of an environment in one stack; `sharded`: a foundation and tenant shards. */
export const STACK_LAYOUTS = ["single", "sharded"] as const;
export type StackLayout = (typeof STACK_LAYOUTS)[number];

/** What one stack holds: everything (`single`), the platform without teams (`foundation`), or some teams (`shard`). */
export const STACK_KINDS = ["single", "foundation", "shard"] as const;
export type StackKind = (typeof STACK_KINDS)[number];

/** One Pulumi stack of an environment. */
export interface StackSpec {
    /** The Pulumi stack name: `prod`, or `prod.payments` for a shard. */
    readonly name: string;
    readonly environment: string;
    readonly kind: StackKind;
    /** The shard's name, for a shard stack. */
    readonly shard?: string;
}

/** Separates a shard's name from its environment's in a stack name (Pulumi allows `.` in stack names). */
export const SHARD_SEPARATOR = ".";

/** The stack name of a shard of `environment`. */
export const shardStackName = (environment: string, shard: string): string => `${environment}${SHARD_SEPARATOR}${shard}`;

/** The environment and, for a shard stack, the shard a stack name stands for. */
export function parseStackName(stack: string): { readonly environment: string; readonly shard?: string } {
    const at = stack.indexOf(SHARD_SEPARATOR);
    return at < 0 ? { environment: stack } : { environment: stack.slice(0, at), shard: stack.slice(at + 1) };
}

/** What a foundation stack exports for one cluster, which its shards read through a stack reference. */
export interface FoundationCluster {
    /** The AKS cluster's name, or the kubeconfig context of an existing cluster reached that way. */
    readonly name: string;
    /** The cluster's resource group (AKS clusters). */
    readonly resourceGroupName?: string;
    /** The cluster's ARM ID, when it authorizes Kubernetes access with Azure RBAC. */
    readonly id?: string;
}

/** The foundation's stack output that its shards read (`clusters.<name>`), the one contract between the two. */
export const FOUNDATION_CLUSTERS_OUTPUT = "clusters";
