import type { TenantFile } from "../config/tenantFiles";
import type { EnvironmentSpec } from "../model/environment";
import type { StackSpec } from "../model/stack";

/** The teams a stack deploys: every running team (`single`), none (`foundation`), or its shard's. */
export function teamsOfStack(stack: StackSpec, environment: EnvironmentSpec, running: readonly TenantFile[]): Set<string> {
    switch (stack.kind) {
        case "single":
            return new Set(running.map((t) => t.data.team));
        case "foundation":
            return new Set();
        case "shard":
            return new Set(environment.shards[stack.shard as string] ?? []);
    }
}
