import * as semver from "semver";
import { z } from "zod";

/**
 * Why a chart version is not exact, or undefined when it is: the one rule for chart versions, used by
 * the configuration checks and by the release component alike. Helm would resolve a range (`^1.2`),
 * a tag-like word (`latest`) or a partial version (`1.2`) to whatever the registry holds that day.
 */
export function exactVersionProblem(version: string): string | undefined {
    return semver.valid(version) === version ? undefined : `"${version}" is not an exact chart version`;
}

/**
 * An exact SemVer chart version such as `1.2.3` or `1.2.3-rc.1`. A number (YAML reads `1.4` so) is
 * refused with the quoted exact version it most likely means, not with "quote it", which would only
 * lead to `"1.4"`, a partial version.
 */
export const exactVersionSchema = z
    .union([z.string(), z.number()])
    .superRefine((version, ctx) => {
        if (typeof version === "number") {
            const exact = semver.coerce(String(version))?.version ?? "1.2.3";
            // YAML drops a decimal's trailing zeros: `1.10` arrives as 1.1, so "1.1.0" may not be what was meant.
            const zeros = Number.isInteger(version) ? "" : ` (YAML reads ${version}0 as ${version} too: check the digits)`;
            ctx.addIssue({
                code: "custom",
                message: `${version} is a number to YAML, not an exact chart version`,
                params: { hint: `write the exact version in quotes, such as "${exact}"${zeros}` },
            });
            return;
        }
        const problem = exactVersionProblem(version);
        if (problem) {
            ctx.addIssue({
                code: "custom",
                message: problem,
                params: { hint: "pin an exact version such as 1.2.3, in quotes if YAML would read it as a number" },
            });
        }
    })
    .transform((version) => String(version));
