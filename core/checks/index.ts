/**
 * The registry: every rule the configuration is held to, in the order the loader runs them. The checks
 * (one file per concern in this folder) run while loading, stage by stage, and their problems stop the
 * load; the governance rules (core/governance) judge the validated model after it, as findings.
 * `docs/checks.md` is generated from this list (`npm run checks-doc`).
 */
import type { Problem } from "../base/problems";
import { RULES, type Rule } from "../governance";
import { alertWebhook } from "./alerts";
import { allowanceEnvironments, allowanceFileName, allowanceTeam } from "./allowances";
import { allowanceCharts, chartKeyringPresent, chartKeyringRequired, foreignChartAllowed } from "./charts";
import type { Check, CheckOf, Stage, StageInputs } from "./check";
import { clusterExisting, clusterIdentity, clusterNamesUnique, clusterNetwork, clusterPools, clusterUpgradesAndAccess } from "./clusters";
import { deployerAllowed, deployerIdentity } from "./deployers";
import { allowanceEgress, egressAllowed, egressDestination, egressToTeam } from "./egress";
import { allowanceIngressDomains, ingressDomainsAllowed, ingressDomainsNamed, ingressDomainsUnique, serviceTypesAllowed } from "./exposure";
import { ingressFromTeam } from "./ingress";
import { chartDigests, chartLockUsable } from "./lock";
import { allowanceNamespace, namespaceOwner } from "./namespaces";
import { needsAcyclic, needsDeclared, needsDeployed } from "./needs";
import { podSecurityAllowed, podSecurityWaiversMoved } from "./podSecurity";
import { allowanceExemptions, promotionExemptionAllowed, promotionFrom, promotionFromKnown } from "./promotion";
import { quotaCeiling } from "./quota";
import { registryPushRights, registryReachable, registryReplicas } from "./registry";
import { releaseNames } from "./releases";
import {
    monitoringSecrets,
    secretConfigured,
    secretOwners,
    secretScope,
    secretsEncrypted,
    secretsPlacement,
    secretsProvider,
    shardSecrets,
} from "./secrets";
import { needsWithinShard, shardPlacement, shardSettings, shardStackFiles, shardsNamed, shardTeams, stackShard } from "./shards";
import { stackExists } from "./stacks";
import { teamComponentNames, teamName, teamUnique, tenantClusters, tenantEnvironments } from "./tenants";
import { appFolders, platformValuesFiles, teamFolders, valuesFileNames, valuesSchema } from "./values";
import { waiverReason } from "./waivers";

export { type Check, type CheckOf, STAGES, type Stage, type StageInputs } from "./check";

/** A governance rule as the registry lists it: judged on the validated model, after every check. */
export interface GovernanceEntry {
    readonly id: string;
    readonly stage: "governance";
    readonly checks: string;
    readonly rule: Rule;
}

/** What the registry lists: a check, or a governance rule. */
export type Registered = Check | GovernanceEntry;

const governance = (rule: Rule): GovernanceEntry => ({ id: rule.id, stage: "governance", checks: rule.description, rule });

/** Every check and governance rule, in the order they run. */
export const REGISTRY: readonly Registered[] = [
    // Each stack file, the shard's own, the stack named.
    secretsEncrypted,
    shardSettings,
    shardSecrets,
    stackExists,
    // The environment's settings.
    clusterNamesUnique,
    clusterIdentity,
    clusterNetwork,
    clusterUpgradesAndAccess,
    clusterPools,
    clusterExisting,
    registryPushRights,
    registryReplicas,
    registryReachable,
    waiverReason,
    chartKeyringRequired,
    monitoringSecrets,
    ingressDomainsNamed,
    shardsNamed,
    podSecurityWaiversMoved,
    promotionFrom,
    // The environment against the repository.
    stackShard,
    secretsPlacement,
    platformValuesFiles,
    secretsProvider,
    promotionFromKnown,
    chartKeyringPresent,
    // Tenant files.
    teamUnique,
    teamName,
    teamComponentNames,
    tenantEnvironments,
    tenantClusters,
    egressDestination,
    egressToTeam,
    ingressFromTeam,
    ingressDomainsUnique,
    deployerIdentity,
    secretOwners,
    shardPlacement,
    shardTeams,
    shardStackFiles,
    needsWithinShard,
    needsDeclared,
    needsAcyclic,
    teamFolders,
    // Allowances.
    allowanceFileName,
    allowanceTeam,
    allowanceEnvironments,
    allowanceEgress,
    allowanceIngressDomains,
    allowanceNamespace,
    allowanceExemptions,
    allowanceCharts,
    serviceTypesAllowed,
    ingressDomainsAllowed,
    egressAllowed,
    quotaCeiling,
    podSecurityAllowed,
    promotionExemptionAllowed,
    deployerAllowed,
    foreignChartAllowed,
    namespaceOwner,
    // Releases.
    appFolders,
    valuesFileNames,
    releaseNames,
    needsDeployed,
    valuesSchema,
    alertWebhook,
    // Values files, the chart lock.
    secretScope,
    secretConfigured,
    chartLockUsable,
    chartDigests,
    // Governance, on the validated model.
    ...RULES.map(governance),
];

const isCheck = (entry: Registered): entry is Check => entry.stage !== "governance";

/** Every check of the registry, in order. */
export const CHECKS: readonly Check[] = REGISTRY.filter(isCheck);

/** The problems `checks` (by default the registry's) of one stage find in its input, in registry order. */
export function runChecks<S extends Stage>(stage: S, input: StageInputs[S], checks: readonly Check[] = CHECKS): Problem[] {
    const ofStage = (c: Check): c is Check & CheckOf<S> => c.stage === stage;
    return checks.filter(ofStage).flatMap((c) => c.run(input));
}
