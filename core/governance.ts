import type { PlatformModel } from "./platform";
import { isMap } from "./values/merge";

/** A governance finding: errors stop a deployment, warnings are reported. */
export interface Finding {
    readonly level: "error" | "warning";
    /** Stable rule id, for example `chart-version-exact`. */
    readonly rule: string;
    readonly message: string;
    /** Where: `<cluster>/<namespace>/<release>` and the file that set the offending value, if any. */
    readonly where: string;
}

/** An exact SemVer 2 version: no ranges, no wildcards. */
const EXACT_SEMVER = /^v?(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$/;

/**
 * Platform rules evaluated on the validated model. With the `enforce` governance level a violation is
 * an error; with `advise` it is a warning.
 */
export function evaluateGovernance(model: PlatformModel): Finding[] {
    const level = model.environment.governanceLevel === "enforce" ? "error" : "warning";
    const findings: Finding[] = [];
    for (const r of model.releases) {
        const where = `${r.cluster}/${r.namespace}/${r.name}`;
        if (!EXACT_SEMVER.test(r.version)) {
            findings.push({ level, rule: "chart-version-exact", message: `chart version "${r.version}" is not an exact version; pin one such as 1.2.3`, where });
        }
        const image = r.values["image"];
        const tag = isMap(image) ? image["tag"] : undefined;
        if (tag === "latest") {
            const file = r.sources["image.tag"];
            findings.push({ level, rule: "image-tag-not-latest", message: `image.tag is "latest" (set in ${file}); pin an immutable tag`, where });
        }
    }
    return findings;
}
