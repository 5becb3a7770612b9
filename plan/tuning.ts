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
