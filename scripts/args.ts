import { InvalidArgumentError } from "commander";

/** Exit code of a script given arguments it does not take. */
export const BAD_ARGUMENTS = 2;

/** An option value that must be a whole number of at least 1. */
export function positiveInteger(value: string): number {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 1) {
        throw new InvalidArgumentError("not a whole number of at least 1.");
    }
    return n;
}
