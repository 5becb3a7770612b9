import type { Problem } from "../base/problems";
import type { SourceTree } from "../base/sourceTree";
import { evaluateGovernance, type Finding } from "../governance";
import type { StackModel } from "../model/stackModel";
import { findingLocator } from "./findingLocations";
import { loadConfiguration } from "./loadConfiguration";
import { placeholdersOf } from "./placeholders";

/** One stack, loaded and judged: its validated model, the governance findings on it, and the sample's placeholders it still holds. */
export interface LoadedStack {
    readonly model: StackModel;
    readonly findings: readonly Finding[];
    /** Sample values a real `pulumi up` refuses to deploy (see placeholders.ts); a preview and the offline plan run with them. */
    readonly placeholders: readonly Problem[];
}

/**
 * Reads and validates all configuration of one stack and evaluates the governance rules on it: the
 * first half of the stack program, which the offline plan calls once and hands on. Throws one
 * `ConfigError` with every problem when the configuration is invalid.
 * @param config the stack's configuration, as `pulumi.runtime.allConfig()` returns it
 * @param today the day allowances' expiry is judged by, `YYYY-MM-DD` (default: today, UTC)
 */
export function loadStack(tree: SourceTree, stack: string, config: Readonly<Record<string, string>>, today?: string): LoadedStack {
    const model = loadConfiguration({ tree, stack, config, today });
    return { model, findings: governanceOf(model, tree), placeholders: placeholdersOf(tree, model) };
}

/** The governance findings on a model loaded from `tree`, each pointed at its file, line and key. */
export function governanceOf(model: StackModel, tree: SourceTree): Finding[] {
    return evaluateGovernance(model, findingLocator(tree, model));
}
