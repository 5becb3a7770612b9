import { type CheckOf, settingProblem } from "./check";

export const waiverReason: CheckOf<"settings"> = {
    id: "waiver-reason",
    stage: "settings",
    checks: "a governance rule switched off in an environment says why (governance.rules.<rule>.reason)",
    run: ({ settings, locate }) =>
        Object.entries(settings.governance.rules).flatMap(([rule, s]) =>
            s && !s.enabled && !s.reason
                ? [
                      settingProblem(
                          locate,
                          ["governance", "rules", rule, "reason"],
                          `switching off "${rule}" needs a reason`,
                          "add reason: <why this environment is exempt>",
                      ),
                  ]
                : [],
        ),
};
