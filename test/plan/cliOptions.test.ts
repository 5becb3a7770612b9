import * as assert from "node:assert/strict";
import { Command, Option } from "commander";
import { parseCommand, parseOptions } from "../../plan/cliOptions";

interface Options {
    readonly stack: string;
    readonly out?: string;
    readonly color?: string | true;
    readonly yes: boolean;
    readonly team?: string[];
}

/** A command with each kind of option the CLIs use, and what it printed. */
function command(parse?: (value: string) => string) {
    const printed = { out: "", err: "" };
    const stack = new Option("-s, --stack <stack>", "the stack").makeOptionMandatory();
    const made = new Command("demo")
        .addOption(parse ? stack.argParser(parse) : stack)
        .option("-o, --out <dir>", "where to write")
        .option("--color [when]", "colour the output")
        .option("-y, --yes", "do it", false)
        .option("--team <team...>", "teams")
        .exitOverride()
        .configureOutput({ writeOut: (t) => (printed.out += t), writeErr: (t) => (printed.err += t) });
    return { made, printed };
}

describe("the CLIs' argument parsing (plan/cliOptions.ts)", () => {
    it("GIVEN a mistyped option and no mandatory one WHEN parsed THEN the typo is reported, with commander's guess, and exit 2", () => {
        const { made, printed } = command();
        assert.equal(parseOptions<Options>(made, ["--stakc", "prod"]), 2);
        assert.equal(printed.err, "error: unknown option '--stakc'\n(Did you mean --stack?)\n");
    });

    it("GIVEN no mandatory option and no typo THEN commander's missing-option report, and exit 2", () => {
        const { made, printed } = command();
        assert.equal(parseOptions<Options>(made, []), 2);
        assert.equal(printed.err, "error: required option '-s, --stack <stack>' not specified\n");
    });

    it("GIVEN --help without the mandatory option THEN the usage is printed and the exit code is 0", () => {
        const { made, printed } = command();
        assert.equal(parseOptions<Options>(made, ["--help"]), 0);
        assert.match(printed.out, /^Usage: demo \[options\]\n/);
        assert.equal(printed.err, "");
    });

    const parsed: readonly [what: string, argv: string[], options: Partial<Options>][] = [
        ["a value that looks like an option, after an option that needs one", ["-s", "dev", "--out", "--x"], { out: "--x" }],
        ["a value joined to its short option", ["-sdev"], {}],
        ["a value given with =", ["--stack=dev"], {}],
        ["a negative number as a value", ["-s", "-1"], { stack: "-1" }],
        ["an optional value left out before another option", ["-s", "dev", "--color", "-y"], { color: true, yes: true }],
        ["an optional value given", ["-s", "dev", "--color", "never"], { color: "never" }],
        ["several values of a variadic option", ["-s", "dev", "--team", "a", "b"], { team: ["a", "b"] }],
    ];
    for (const [what, argv, options] of parsed) {
        it(`GIVEN ${what} (${argv.join(" ")}) THEN the options are parsed as commander parses them`, () => {
            const { made, printed } = command();
            assert.deepEqual(parseOptions<Options>(made, argv), { stack: "dev", yes: false, ...options });
            assert.equal(printed.err, "");
        });
    }

    const unknown: readonly [what: string, argv: string[], flag: string][] = [
        ["after a variadic option's values", ["-s", "dev", "--team", "a", "b", "--nope"], "--nope"],
        ["given with a value", ["--nope=1", "-s", "dev"], "--nope"],
        ["joined to a known short one", ["-s", "dev", "-yz"], "-z"],
        ["alone, the mandatory option missing", ["-x"], "-x"],
    ];
    for (const [what, argv, flag] of unknown) {
        it(`GIVEN an unknown option ${what} (${argv.join(" ")}) THEN it is named and the exit code is 2`, () => {
            const { made, printed } = command();
            assert.equal(parseOptions<Options>(made, argv), 2);
            assert.equal(printed.err.split("\n")[0], `error: unknown option '${flag}'`);
        });
    }

    it("GIVEN a mistyped option that is another option's value THEN it is that value, and the missing option is reported", () => {
        const { made, printed } = command();
        assert.equal(parseOptions<Options>(made, ["--out", "--stakc"]), 2);
        assert.equal(printed.err, "error: required option '-s, --stack <stack>' not specified\n");
    });

    it("GIVEN an option word after -- THEN it is an argument, not an unknown option", () => {
        const { made, printed } = command();
        assert.equal(parseOptions<Options>(made, ["-s", "dev", "--", "--bogus"]), 2);
        assert.equal(printed.err, "error: too many arguments. Expected 0 arguments but got 1.\n");
    });

    it("GIVEN valid arguments WHEN parseCommand parses them THEN it returns the command itself, with its options", () => {
        const { made } = command();
        const returned = parseCommand(made, ["--stack", "uat", "-y"]);
        assert.equal(returned, made);
        assert.deepEqual(returned.opts(), { stack: "uat", yes: true });
    });

    it("GIVEN an option parser that fails with an error of its own THEN parseOptions lets it through, not as exit 2", () => {
        const { made } = command(() => {
            throw new Error("the stack file cannot be read");
        });
        assert.throws(() => parseOptions<Options>(made, ["--stack", "dev"]), /^Error: the stack file cannot be read$/);
    });
});
