import { type Command, type CommanderError, InvalidArgumentError } from "commander";
import { parseCommand } from "../plan/cliOptions";

/** Exit code of a script given arguments it does not take. */
export const BAD_ARGUMENTS = 2;

/**
 * Parses a script's arguments before it starts any work: `--help` prints the usage and exits 0; an
 * unknown option, a missing or invalid value or an extra argument prints commander's message and exits 2.
 */
export function parseArguments(command: Command, argv: readonly string[] = process.argv.slice(2)): Command {
    command.exitOverride((error: CommanderError) => process.exit(error.exitCode === 0 ? 0 : BAD_ARGUMENTS));
    return parseCommand(command, argv);
}

/** An option value that must be a whole number of at least 1. */
export function positiveInteger(value: string): number {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 1) {
        throw new InvalidArgumentError("not a whole number of at least 1.");
    }
    return n;
}
