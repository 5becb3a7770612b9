import { type Command, CommanderError } from "commander";

/**
 * Parses `argv` with `command` as commander does, except that an unknown option is reported before a
 * missing mandatory one: a mistyped `--stakc prod` is a typo, not a missing `--stack`. Commander checks
 * mandatory options first; this looks at every option word before it does.
 */
export function parseCommand(command: Command, argv: readonly string[]): Command {
    const unknown = unknownOptionIn(command, argv);
    if (unknown !== undefined) {
        // Commander's own report (with its "did you mean"), through the command's output and exit settings.
        (command as unknown as { unknownOption(flag: string): never }).unknownOption(unknown);
    }
    return command.parse([...argv], { from: "user" });
}

/**
 * The options `argv` gives `command` (see {@link parseCommand}), or the exit code a command line ends
 * with instead: 0 after `--help`, 2 for bad arguments (commander has printed why).
 */
export function parseOptions<T extends object>(command: Command, argv: readonly string[]): T | number {
    try {
        return parseCommand(command, argv).opts<T>();
    } catch (error) {
        if (error instanceof CommanderError) {
            return error.exitCode === 0 ? 0 : 2;
        }
        throw error;
    }
}

/** The first word of `argv` that looks like an option and is none of `command`'s. */
function unknownOptionIn(command: Command, argv: readonly string[]): string | undefined {
    for (let i = 0; i < argv.length; i++) {
        const word = argv[i] as string;
        if (word === "--") {
            return undefined;
        }
        if (!word.startsWith("-") || word === "-" || /^-\d/.test(word)) {
            continue;
        }
        const flag = word.startsWith("--") ? (word.split("=")[0] as string) : word.slice(0, 2);
        if (flag === "-h" || flag === "--help") {
            continue;
        }
        const option = command.options.find((o) => o.long === flag || o.short === flag || (o.negate && o.long === flag));
        if (!option) {
            return flag;
        }
        // The value of an option that takes one is the next word, unless it was given with `=` or joined.
        if ((option.required || option.optional) && !word.includes("=") && !(word.length > 2 && !word.startsWith("--"))) {
            if (option.required || !(argv[i + 1] ?? "-").startsWith("-")) {
                i++;
            }
        }
        if (option.variadic) {
            while (i + 1 < argv.length && !(argv[i + 1] as string).startsWith("-")) {
                i++;
            }
        }
    }
    return undefined;
}
