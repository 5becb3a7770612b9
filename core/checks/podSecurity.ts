import { allowedPodSecurity, weaker } from "../tenancy/allowances";
import { eachRequest } from "./allowances";
import { type CheckOf, settingProblem } from "./check";

export const podSecurityWaiversMoved: CheckOf<"settings"> = {
    id: "pod-security-waivers-moved",
    stage: "settings",
    checks: "no helm-platform:tenancy.podSecurityWaivers: a weaker Pod Security level is an allowance now",
    run: ({ settings, locate }) =>
        settings.tenancy.podSecurityWaivers === undefined
            ? []
            : [
                  settingProblem(
                      locate,
                      ["tenancy", "podSecurityWaivers"],
                      "Pod Security waivers are allowances now: one mechanism for everything the platform allows a team",
                      "move each waiver to allowances/<team>.yaml as podSecurity: <level>, with reason, approvedBy and expires, and remove this key",
                  ),
              ],
};

export const podSecurityAllowed: CheckOf<"allowances"> = {
    id: "pod-security-allowed",
    stage: "allowances",
    checks: "a Pod Security level weaker than the environment enforces is one the team's allowance grants",
    run: eachRequest(({ tenant, allowance, environment, refuse }) => {
        const asked = tenant.data.podSecurity?.enforce;
        const weakest = allowedPodSecurity(allowance);
        const enforced = environment.podSecurity.enforce;
        return asked && weaker(asked, enforced) && (weakest === undefined || weaker(asked, weakest))
            ? [
                  refuse(
                      ["podSecurity", "enforce"],
                      `Pod Security level ${asked} is weaker than ${environment.name} enforces (${enforced}) and not allowed for team ${tenant.data.team}`,
                      `podSecurity: ${asked}`,
                  ),
              ]
            : [];
    }),
};
