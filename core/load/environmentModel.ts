import type { SourceTree } from "../base/sourceTree";
import { readStackConfig } from "../config/stackFile";
import type { StackModel } from "../model/stackModel";
import { type LoadConfigurationInput, loadConfiguration } from "./loadConfiguration";
import { stacksOf } from "./stacks";

/**
 * Every stack of an environment loaded and put together: the environment's own model (the single
 * stack's, or the foundation's) with every shard's teams, releases and allowances. What reads the
 * whole environment at once (its chart lock, its published charts) works on this; what deploys works
 * on one stack's model. Throws the first stack's `ConfigError`.
 */
export function loadEnvironmentModel(
    tree: SourceTree,
    environment: string,
    options: Pick<LoadConfigurationInput, "today" | "lock"> = {},
): StackModel {
    const models = stacksOf(tree, environment).map((s) =>
        loadConfiguration({ tree, stack: s.name, config: readStackConfig(tree, s.name).config, ...options }),
    );
    const [first] = models as [StackModel];
    return {
        ...first,
        teams: models.flatMap((m) => m.teams),
        releases: models.flatMap((m) => m.releases),
        allowances: models.flatMap((m) => m.allowances),
    };
}
