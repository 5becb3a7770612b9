import type { TeamAllowance } from "../model/allowances";
import { POD_SECURITY_LEVELS, type PodSecurityLevel } from "../model/environment";

/** Whether Pod Security level `a` is weaker than `b` (privileged < baseline < restricted). */
export const weaker = (a: PodSecurityLevel, b: PodSecurityLevel): boolean =>
    POD_SECURITY_LEVELS.indexOf(a) < POD_SECURITY_LEVELS.indexOf(b);

/** The weakest Pod Security level the team's allowance lets it ask for, if any entry allows one. */
export function allowedPodSecurity(allowance: TeamAllowance): PodSecurityLevel | undefined {
    return allowance.entries
        .flatMap((e) => (e.podSecurity ? [e.podSecurity] : []))
        .reduce<PodSecurityLevel | undefined>(
            (weakest, level) => (weakest === undefined || weaker(level, weakest) ? level : weakest),
            undefined,
        );
}
