import type { Location } from "../base/problems";
import type { FindingLevel, RuleId } from "../model/governance";
import { type ReleaseSpec, releasePath, type StackModel } from "../model/stackModel";
import { type Anchor, RULES } from "./rules";

export { type Anchor, RULES, type Rule, type Verdict } from "./rules";

/** A governance finding: errors stop a deployment, warnings are reported. */
export interface Finding {
    readonly level: FindingLevel;
    /** Stable rule id, for example `image-tag-pinned`. */
    readonly rule: RuleId;
    readonly message: string;
    /** How to comply. */
    readonly fix: string;
    /** `<cluster>/<namespace>/<release>` for a release, the namespace for a tenant, the team for an allowance. */
    readonly where: string;
    /** The file, line and key the finding is about: where the fix is written. */
    readonly at: Location;
}

/** Where a release finding's anchor is written: what the loader, which read the files, knows. */
export type LocateAnchor = (release: ReleaseSpec, anchor: Anchor) => Location;

/**
 * The platform rules on the validated model. With the `enforce` governance level a violation is an
 * error, with `advise` a warning. Rules the environment switched off are not evaluated; each such
 * waiver carries its reason into the plan.
 * @param locate points a release finding at its file, line and key
 */
export function evaluateGovernance(model: StackModel, locate: LocateAnchor): Finding[] {
    const env = model.environment;
    const level = env.governanceLevel === "enforce" ? "error" : "warning";
    const active = RULES.filter((rule) => env.governance.enabled.includes(rule.id));
    const findings: Finding[] = [];
    for (const r of model.releases) {
        for (const rule of active) {
            const verdicts = rule.scope === "release" ? rule.check(r, env) : undefined;
            for (const found of verdicts === undefined ? [] : "message" in verdicts ? [verdicts] : verdicts) {
                findings.push({
                    level: found.level ?? level,
                    rule: rule.id,
                    message: found.message,
                    fix: found.fix,
                    where: releasePath(r),
                    at: locate(r, found.at),
                });
            }
        }
    }
    for (const t of model.teams) {
        for (const rule of active) {
            const found = rule.scope === "tenant" ? rule.check(t, env) : undefined;
            if (found) {
                findings.push({ level, rule: rule.id, message: found.message, fix: found.fix, where: t.namespace, at: found.at });
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
                        fix: found.fix,
                        where: allowance.team,
                        at: found.at,
                    });
                }
            }
        }
    }
    return findings;
}
