/**
 * helm-platform: one stack per environment. Loads and validates all configuration (nothing is
 * registered when anything is wrong), builds the platform, and exports the stack outputs.
 */
import { diskTree, type SourceTree } from "./core/base/sourceTree";
import { loadCurrentStack, runStack } from "./program/stack";

/**
 * Under `pulumi up` the runtime calls this with no argument. Before any team is registered, the
 * registry is asked for every chart the stack installs (through Helm's login: scripts/registry-login.sh).
 */
export = async (tree: SourceTree = diskTree(__dirname)) => runStack(loadCurrentStack(tree), { registryPreflight: {} });
