import type { KeyPath } from "../base/keyPath";
import { LAYOUT } from "../base/layout";
import { type Problem, problemAt } from "../base/problems";
import { type AllowancesFile, namedForItsTeam } from "../config/allowanceFiles";
import type { AllowanceEntryInput } from "../config/allowances";
import type { TenantFile } from "../config/tenantFiles";
import type { TeamAllowance } from "../model/allowances";
import type { EnvironmentSpec } from "../model/environment";
import type { AllowancesStage, CheckOf } from "./check";

/** Who approves allowances, as a hint names them. */
const APPROVERS = `the platform team (owners of ${LAYOUT.allowancesDir}/)`;

/** The fix of a request beyond the allowance: the allowance to ask for, where, and who approves it. */
export function askFor(allowance: TeamAllowance, environment: string, grant: string): string {
    return `ask ${APPROVERS} to allow ${grant} in ${allowance.file} (for ${environment}, with reason, approvedBy and expires), or ask for less`;
}

/** Everything the team's allowance entries grant of one kind. */
export const granted = <T>(allowance: TeamAllowance, pick: (e: TeamAllowance["entries"][number]) => readonly T[] | undefined): T[] =>
    allowance.entries.flatMap((e) => pick(e) ?? []);

/** A request beyond the allowance: a problem at the request, whose fix names the allowance to ask for. */
export interface Request {
    readonly tenant: TenantFile;
    readonly allowance: TeamAllowance;
    readonly environment: EnvironmentSpec;
    /** The problem at `path` of the tenant file; the fix asks for `grant`. */
    refuse(path: KeyPath, message: string, grant: string): Problem;
}

/** Runs `rule` on what each team that runs here asks for, against its allowance in this environment. */
export function eachRequest(rule: (request: Request) => readonly Problem[]): (stage: AllowancesStage) => Problem[] {
    return ({ running, allowances, environment }) =>
        running.flatMap((tenant) => {
            const allowance = allowances.get(tenant.data.team) as TeamAllowance;
            const refuse = (path: KeyPath, message: string, grant: string) =>
                problemAt(tenant.yaml, path, message, askFor(allowance, environment.name, grant));
            return rule({ tenant, allowance, environment, refuse });
        });
}

/** The allowances files the platform reads: valid, and named for their team. */
const readFiles = (stage: AllowancesStage) => stage.files.filter(namedForItsTeam);

/** The files of teams with a tenant file: the others are one problem each, and nothing more. */
const filesOfTeams = (stage: AllowancesStage) => readFiles(stage).filter((f) => stage.tenantFileTeams.has(f.data.team));

/** One entry of an allowances file that applies in this environment, with where it is written. */
export interface Grant {
    readonly file: AllowancesFile;
    readonly entry: AllowanceEntryInput;
    /** The team's valid tenant file, if it has one. */
    readonly tenant: TenantFile | undefined;
    /** A problem at `path` inside the entry. */
    at(path: KeyPath, message: string, hint: string): Problem;
}

/**
 * Runs `rule` on every allowance entry that applies in this environment, of teams that have a tenant
 * file: whether the platform could allow what it grants at all.
 */
export function eachGrant(rule: (grant: Grant, stage: AllowancesStage) => readonly Problem[]): (stage: AllowancesStage) => Problem[] {
    return (stage) =>
        filesOfTeams(stage).flatMap((file) =>
            file.data.allowances.flatMap((entry, i) => {
                if (entry.environments && !entry.environments.includes(stage.environment.name)) {
                    return [];
                }
                const path: KeyPath = ["allowances", i];
                const at = (key: KeyPath, message: string, hint: string) => problemAt(file.yaml, [...path, ...key], message, hint);
                return rule({ file, entry, tenant: stage.tenants.get(file.data.team), at }, stage);
            }),
        );
}

export const allowanceFileName: CheckOf<"allowances"> = {
    id: "allowance-file-name",
    stage: "allowances",
    checks: "an allowances file is named for the team it names, so an allowance cannot move to another team by editing one line",
    run: ({ files }) =>
        files
            .filter((f) => !namedForItsTeam(f))
            .map(({ yaml, data }) =>
                problemAt(
                    yaml,
                    ["team"],
                    `team "${data.team}" is in ${yaml.file}, which is named for "${yaml.file.replace(/^.*\//, "").replace(/\.yaml$/, "")}"`,
                    `a team's allowances are in ${LAYOUT.allowancesFile(data.team)}`,
                ),
            ),
};

export const allowanceTeam: CheckOf<"allowances"> = {
    id: "allowance-team",
    stage: "allowances",
    checks: "an allowances file is for a team that has a tenant file",
    run: (stage) =>
        readFiles(stage)
            .filter((f) => !stage.tenantFileTeams.has(f.data.team))
            .map(({ yaml, data }) =>
                problemAt(
                    yaml,
                    ["team"],
                    `no tenant file declares team "${data.team}"`,
                    `add tenants/${data.team}.yaml, or remove ${yaml.file}`,
                ),
            ),
};

export const allowanceEnvironments: CheckOf<"allowances"> = {
    id: "allowance-environments",
    stage: "allowances",
    checks: "the environments an allowance entry names exist",
    run: (stage) =>
        filesOfTeams(stage).flatMap(({ yaml, data }) =>
            data.allowances.flatMap((entry, i) =>
                (entry.environments ?? []).flatMap((env, j) =>
                    stage.knownEnvironments.includes(env)
                        ? []
                        : [
                              problemAt(
                                  yaml,
                                  ["allowances", i, "environments", j],
                                  `unknown environment "${env}"`,
                                  `environments are: ${stage.knownEnvironments.join(", ")}`,
                              ),
                          ],
                ),
            ),
        ),
};
