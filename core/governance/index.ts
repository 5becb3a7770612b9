import type { Location } from "../base/problems";
import type { FindingLevel, RuleId } from "../model/governance";
import { type PlatformModel, releasePath } from "../model/platform";
import { RULES } from "./rules";

export { RULES, type Rule } from "./rules";

/** A governance finding: errors stop a deployment, warnings are reported. */
export interface Finding {
    readonly level: FindingLevel;
    /** Stable rule id, for example `image-tag-pinned`. */
    readonly rule: RuleId;
    readonly message: string;
    /** `<cluster>/<namespace>/<release>` for a release, the namespace for a tenant. */
    readonly where: string;
    /** The file, line and key a tenant finding is about. */
    readonly at?: Location;
}

/**
 * The platform rules on the validated model. With the `enforce` governance level a violation is an
 * error, with `advise` a warning. Rules the environment switched off are not evaluated; each such
 * waiver carries its reason into the plan.
 */
export function evaluateGovernance(model: PlatformModel): Finding[] {
    const env = model.environment;
    const level = env.governanceLevel === "enforce" ? "error" : "warning";
    const active = RULES.filter((rule) => env.governance.enabled.includes(rule.id));
    const findings: Finding[] = [];
    for (const r of model.releases) {
        for (const rule of active) {
            const message = rule.scope === "release" ? rule.check(r, env) : undefined;
            if (message) {
                findings.push({ level, rule: rule.id, message, where: releasePath(r) });
            }
        }
    }
    for (const t of model.tenants) {
        for (const rule of active) {
            const found = rule.scope === "tenant" ? rule.check(t, env) : undefined;
            if (found) {
                findings.push({ level, rule: rule.id, message: found.message, where: t.namespace, at: found.at });
            }
        }
    }
    for (const allowance of model.allowances) {
        for (const entry of allowance.entries) {
            for (const rule of active) {
                const found = rule.scope === "allowance" ? rule.check(entry, allowance.team, env, model.today) : undefined;
                if (found) {
                    findings.push({
                        level: found.level ?? level,
                        rule: rule.id,
                        message: found.message,
                        where: allowance.team,
                        at: entry.at,
                    });
                }
            }
        }
    }
    return findings;
}
