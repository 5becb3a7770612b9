import { z } from "zod";

/** DNS-1123 label: what Kubernetes accepts for namespace names and Helm for release names. */
export const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** Helm refuses release names longer than 53 characters (they end up in labels and Secret names). */
export const HELM_RELEASE_NAME_MAX = 53;

/** Team, app and cluster names: DNS-1123 labels that start with a letter. */
export const nameSchema = (max: number) =>
    z
        .string()
        .max(max, { message: `must be at most ${max} characters` })
        .regex(/^[a-z]([-a-z0-9]*[a-z0-9])?$/, {
            message: "must be lowercase letters, digits and '-', start with a letter and not end with '-'",
        });

/** Entra ID (Azure AD) object IDs are GUIDs. */
export const objectIdSchema = z.string().regex(/^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/, {
    message: "must be an Entra ID object ID (a GUID such as 00000000-0000-0000-0000-000000000000)",
});

/** The name of a secret under `helm-platform:secrets.<owner>`, as `!secret <name>` and `*Secret` settings write it. */
export const SECRET_NAME = /^[a-z0-9][-a-z0-9_.]*$/;

export const secretNameSchema = z
    .string()
    .regex(SECRET_NAME, { message: "must be a secret name: lowercase letters, digits, '-', '_' or '.'" });

/** A Slack channel such as `#payments-alerts`. */
export const slackChannelSchema = z.string().regex(/^#[-a-z0-9_]{1,80}$/, { message: "must be a Slack channel such as #payments-alerts" });

/** A GitHub team's slug, as GitHub derives it from the team's name: lowercase letters, digits and '-'. */
export const githubTeamSlugSchema = z
    .string()
    .max(100)
    .regex(/^[a-z0-9][a-z0-9-]*$/, { message: "must be a GitHub team slug such as payments-team" });

/** Why a Helm release name is invalid, or undefined when Helm would accept it. */
export function helmReleaseNameProblem(name: string): string | undefined {
    if (name.length > HELM_RELEASE_NAME_MAX) {
        return `release name "${name}" is ${name.length} characters; Helm allows at most ${HELM_RELEASE_NAME_MAX}`;
    }
    if (!DNS1123_LABEL.test(name)) {
        return `release name "${name}" is not a DNS-1123 label (lowercase letters, digits and '-')`;
    }
    return undefined;
}
