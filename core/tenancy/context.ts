import type { EnvironmentSpec } from "../model/environment";

/** What the tenant checks need to know of the platform beyond the tenant files. */
export interface TenantContext {
    readonly environment: EnvironmentSpec;
    /** Every environment of the platform (one per stack file). */
    readonly knownEnvironments: readonly string[];
    /**
     * Teams with a tenant file, broken ones included: a reference to a team whose file does not parse is
     * that file's problem, reported there, not a second one here.
     */
    readonly tenantFileTeams: ReadonlySet<string>;
}
