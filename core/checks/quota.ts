import type { KeyPath } from "../base/keyPath";
import type { Problem } from "../base/problems";
import { layer, PLATFORM_LIMITS, PLATFORM_QUOTA, quantityValue } from "../config/tenancy";
import { eachRequest } from "./allowances";
import type { CheckOf } from "./check";

export const quotaCeiling: CheckOf<"allowances"> = {
    id: "quota-ceiling",
    stage: "allowances",
    checks: "a team's ResourceQuota and LimitRange defaults stay under its ceiling: the environment's own, or its allowance's where higher",
    run: eachRequest(({ tenant, allowance, environment, refuse }) => {
        const problems: Problem[] = [];
        const { data } = tenant;
        const check = (path: KeyPath, asked: string, base: string | undefined, granted: (string | undefined)[], grant: string) => {
            const ceilings = [base, ...granted].filter((q): q is string => q !== undefined);
            const ceiling = ceilings.reduce((a, b) => (quantityValue(b) > quantityValue(a) ? b : a), ceilings[0] ?? "0");
            if (quantityValue(asked) > quantityValue(ceiling)) {
                problems.push(
                    refuse(path, `"${asked}" is above team ${data.team}'s ceiling of "${ceiling}" in ${environment.name}`, grant),
                );
            }
        };
        const quota = layer(PLATFORM_QUOTA, environment.tenancy.quota, {});
        for (const [key, asked] of Object.entries(data.quota ?? {})) {
            if (asked !== undefined) {
                const granted = allowance.entries.map((e) => e.quota?.[key]);
                check(["quota", key], asked, quota[key], granted, `quota: {${key}: "${asked}"}`);
            }
        }
        const limits = layer(PLATFORM_LIMITS, environment.tenancy.limits, {});
        for (const section of ["defaultRequest", "default"] as const) {
            for (const resource of ["cpu", "memory"] as const) {
                const asked = data.limits?.[section]?.[resource];
                if (asked !== undefined) {
                    const granted = allowance.entries.map((e) => e.limits?.[section]?.[resource]);
                    const grant = `limits: {${section}: {${resource}: "${asked}"}}`;
                    check(["limits", section, resource], asked, limits[section][resource], granted, grant);
                }
            }
        }
        return problems;
    }),
};
