/**
 * Reading a plan.json written by any version of this code: the same major version is read as it is
 * (fields it does not know are dropped), a plan written before plan.json had a version is brought to
 * 1.0 first, and a newer major is refused. The policy is docs/plan-json.md's.
 */
import { TYPE } from "../base/resourceTypes";
import { installerSubject } from "../tenancy/rbac";
import { isMap, type Values } from "../values/merge";
import { PLAN_SCHEMA_MAJOR, PLAN_SCHEMA_VERSION, type Plan, planSchema } from "./planSchema";
import { resourceKey } from "./planTypes";

/** A plan.json as read: the plan, or why it cannot be read (a message naming the file). */
export type PlanRead = { readonly plan: Plan } | { readonly error: string };

/** How many schema problems a refusal lists. */
const SHOWN_ISSUES = 5;

/**
 * Reads the parsed content of a plan.json (`source` names it in messages): checks its version,
 * migrates an unversioned plan, and parses it with the schema.
 */
export function readPlan(content: unknown, source: string): PlanRead {
    if (!isMap(content)) {
        return { error: `${source} is not a plan.json: it holds no JSON object` };
    }
    const version = content["schemaVersion"];
    if (version !== undefined) {
        const major = typeof version === "string" ? /^(\d+)\.\d+$/.exec(version)?.[1] : undefined;
        if (major === undefined) {
            return { error: `${source} has schemaVersion ${JSON.stringify(version)}, which is no MAJOR.MINOR version` };
        }
        if (Number(major) !== PLAN_SCHEMA_MAJOR) {
            return {
                error:
                    `${source} is a plan.json of schema version ${version}; this code reads ${PLAN_SCHEMA_MAJOR}.x ` +
                    `(it writes ${PLAN_SCHEMA_VERSION}): plan the base again with this code, for example --against <git ref>`,
            };
        }
    }
    const parsed = planSchema.safeParse(version === undefined ? fromUnversioned(content) : content);
    if (!parsed.success) {
        const issues = parsed.error.issues.map((i) => `${i.path.map(String).join(".") || "(the plan)"}: ${i.message}`);
        const more = issues.length > SHOWN_ISSUES ? `; and ${issues.length - SHOWN_ISSUES} more` : "";
        return {
            error: `${source} is not a plan.json of schema version ${version ?? PLAN_SCHEMA_VERSION}: ${issues.slice(0, SHOWN_ISSUES).join("; ")}${more}`,
        };
    }
    return { plan: parsed.data };
}

/**
 * A plan written before plan.json had a version, brought to 1.0: what it lacks gets the value it stood
 * for then (one stack per environment, no platform releases listed, no secret fingerprints, findings
 * without a fix), and its
 * inventory is read from its Team components, whose inputs name the team, cluster, namespace and installer.
 */
export function fromUnversioned(plan: Values): Values {
    const resources = Array.isArray(plan["resources"]) ? (plan["resources"] as unknown[]).filter(isMap) : [];
    const teams = resources.filter((r) => r["type"] === TYPE.team).map((r) => teamOf(r));
    return {
        ...plan,
        schemaVersion: PLAN_SCHEMA_VERSION,
        kind: plan["kind"] ?? "single",
        teams: plan["teams"] ?? [...new Set(teams.map((t) => t.team))].sort(),
        references: plan["references"] ?? [],
        inventory: plan["inventory"] ?? { teams, shards: [] },
        platformReleases: plan["platformReleases"] ?? [],
        secretVersions: plan["secretVersions"] ?? {},
        // Findings named no fix, and only some a file: the file is unknown where they did not.
        findings: (Array.isArray(plan["findings"]) ? (plan["findings"] as unknown[]).filter(isMap) : []).map((f) => ({
            ...f,
            fix: f["fix"] ?? "",
            at: f["at"] ?? { file: "", path: "" },
        })),
    };
}

/** A Team component of an unversioned plan as an inventory entry (its installer, if it did not record one, by its namespace). */
function teamOf(r: Values) {
    const inputs = isMap(r["inputs"]) ? r["inputs"] : {};
    const namespace = inputs["namespace"];
    return {
        team: inputs["team"],
        cluster: inputs["cluster"],
        namespace,
        component: resourceKey(String(r["type"]), String(r["name"])),
        installer: inputs["installer"] ?? (typeof namespace === "string" ? installerSubject(namespace) : undefined),
    } as { team: string; cluster: string; namespace: string; component: string; installer: string };
}
