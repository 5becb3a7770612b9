import { CONFIG_NAMESPACE } from "../base/constants";
import { LAYOUT } from "../base/layout";
import type { RuleId } from "../model/governance";
import { parseStackName } from "../model/stack";

/**
 * What lets a release through a rule it breaks, as a reviewed change: the promotion gate also takes an
 * app's own exemption in its tenant file; every rule can be switched off for a stack, with a reason,
 * in its environment's stack file (a shard's governance is its environment's).
 */
export function waiverHint(rule: RuleId, at: { readonly team: string; readonly app: string; readonly stack: string }): string {
    const stackWaiver = `${CONFIG_NAMESPACE}:governance.rules.${rule}: {enabled: false, reason: <why>} in ${LAYOUT.stackFile(parseStackName(at.stack).environment)}`;
    return rule === "promotion-gate"
        ? `exempt the app (apps.${at.app}.promotionExemption: <why> in ${LAYOUT.tenantsDir}/${at.team}.yaml) or waive the gate (${stackWaiver})`
        : `waive the rule (${stackWaiver})`;
}
