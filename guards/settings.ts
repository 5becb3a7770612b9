import { z } from "zod";
import { formatKeyPath, type KeyPath } from "../core/base/keyPath";
import { ConfigError, type Problem } from "../core/base/problems";
import type { SourceTree } from "../core/base/sourceTree";
import { githubTeamSlugSchema, objectIdSchema } from "../core/config/names";
import { validateWith } from "../core/config/zodProblems";
import { parseYamlFile, type YamlFile } from "../core/yaml/yamlFile";

/** The guards' Pulumi project (`guards/Pulumi.yaml`): its config keys are `helm-platform-guards:<key>`. */
export const GUARDS_PROJECT = "helm-platform-guards";
/** The guards' folder in the repository: its own project, so its stack files are no environment of the platform. */
export const GUARDS_DIR = "guards";
/** The stack that guards this repository (`guards/Pulumi.repository.yaml`). */
export const GUARDS_STACK = "repository";

/** The guards' settings, validated; every setting is documented in docs/trust-model.md. */
export const guardsSettingsSchema = z.strictObject({
    /** `<owner>/<name>` of this repository on GitHub: the OIDC subjects name it. */
    repository: z.string().regex(/^[A-Za-z0-9-]+\/[A-Za-z0-9_.-]+$/, { message: "must be <owner>/<repository>" }),
    /** Slug of the GitHub team that owns everything but the teams' values folders. */
    platformTeam: githubTeamSlugSchema,
    /**
     * Per stack of the platform, the GitHub teams one of whose members must approve each deployment
     * (an empty list: none). Every stack must be listed, so a new environment is a decision, not a gap.
     * At most 6, GitHub's limit for an environment.
     */
    reviewers: z.record(z.string(), z.array(githubTeamSlugSchema).max(6)),
    /** Approvals a pull request into main needs, besides the code owners' own. @default 1 */
    requiredApprovals: z.coerce.number().int().min(1).max(6).default(1),
    /** Where the CI identities live, and the subscription their jobs sign in to. */
    azure: z.strictObject({
        subscriptionId: objectIdSchema,
        /** An existing resource group that holds the identities. */
        resourceGroupName: z.string().min(1).max(90),
        location: z.string().min(1),
    }),
    /** The Pulumi state backend the deploy jobs log in to (their `vars.PULUMI_BACKEND_URL`). */
    pulumiBackendUrl: z.string().min(1),
});

export type GuardsSettings = z.output<typeof guardsSettingsSchema>;

/** The guards' stack file, as repo-relative path. */
export const guardsStackFile = (stack: string) => `${GUARDS_DIR}/Pulumi.${stack}.yaml`;

/**
 * Validates the guards' settings (`helm-platform-guards:*` keys of the Pulumi configuration, values as
 * the CLI hands them over: objects as JSON), naming the stack file's line and key in every problem.
 */
export function guardsSettings(config: Readonly<Record<string, string>>, tree: SourceTree, stack: string): GuardsSettings {
    const file = guardsStackFile(stack);
    const parsed = parseYamlFile(file, tree.read(file) ?? "");
    const data = Object.fromEntries(
        Object.entries(config)
            .filter(([key]) => key.startsWith(`${GUARDS_PROJECT}:`))
            .map(([key, value]) => [key.slice(GUARDS_PROJECT.length + 1), fromCli(value)]),
    );
    return validated(data, parsed.ok ? parsed.yaml : undefined, file);
}

/** A config value as the CLI passes it: objects and lists as JSON, everything else as text. */
function fromCli(value: string): unknown {
    try {
        return /^[[{]/.test(value) ? JSON.parse(value) : value;
    } catch {
        return value;
    }
}

/** The guards' settings as the stack file writes them: what scripts read without the Pulumi CLI. */
export function guardsSettingsFile(tree: SourceTree, stack: string): GuardsSettings {
    const file = guardsStackFile(stack);
    const text = tree.read(file);
    if (text === undefined) {
        throw new ConfigError([{ file, path: "", message: "does not exist", hint: `the guards' stack file is ${file}` }]);
    }
    const parsed = parseYamlFile(file, text);
    if (!parsed.ok) {
        throw new ConfigError(parsed.problems);
    }
    const config = ((parsed.yaml.data as { config?: Record<string, unknown> } | null)?.config ?? {}) as Record<string, unknown>;
    const data = Object.fromEntries(
        Object.entries(config)
            .filter(([key]) => key.startsWith(`${GUARDS_PROJECT}:`))
            .map(([key, value]) => [key.slice(GUARDS_PROJECT.length + 1), value]),
    );
    return validated(data, parsed.yaml, file);
}

function validated(data: unknown, yaml: YamlFile | undefined, file: string): GuardsSettings {
    const inFile = (path: KeyPath): KeyPath => ["config", `${GUARDS_PROJECT}:${path[0] ?? ""}`, ...path.slice(1)];
    const result = validateWith(guardsSettingsSchema, data, {
        file,
        lineOf: (path) => yaml?.lineOf(path),
        filePath: inFile,
        displayPath: (path) => `${GUARDS_PROJECT}:${formatKeyPath(path)}`,
    });
    if (!result.value) {
        throw new ConfigError(result.problems);
    }
    return result.value;
}

/** A problem at a setting of the guards' stack file. */
export function settingProblem(tree: SourceTree, stack: string, path: KeyPath, message: string, hint: string): Problem {
    const file = guardsStackFile(stack);
    const parsed = parseYamlFile(file, tree.read(file) ?? "");
    const line = parsed.ok ? parsed.yaml.lineOf(["config", `${GUARDS_PROJECT}:${path[0] ?? ""}`, ...path.slice(1)]) : undefined;
    return { file, line, path: `${GUARDS_PROJECT}:${formatKeyPath(path)}`, message, hint };
}
