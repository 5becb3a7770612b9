/**
 * Process settings for planning: the Pulumi SDK records a stack trace for every promise it creates (a
 * debugging aid for its leak report), and source-mapping those traces dominated the plan's time. The
 * plan reports problems by message, never by stack, so both are off. Only for the plan and benchmark
 * processes; `pulumi up` and the tests keep the defaults.
 */
export function tuneForPlanning(): void {
    process.setSourceMapsEnabled(false);
    Error.stackTraceLimit = 0;
}

/**
 * Runs `work` with no stack traces recorded, the setting as it was restored after: what
 * {@link tuneForPlanning} does for a whole process, for one plan run inside a process that keeps its
 * stack traces (the tests, a bench's parent). The SDK's promise traces are most of a plan's time when
 * source maps are on.
 */
export async function withoutStackTraces<T>(work: () => Promise<T>): Promise<T> {
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    try {
        return await work();
    } finally {
        Error.stackTraceLimit = limit;
    }
}
