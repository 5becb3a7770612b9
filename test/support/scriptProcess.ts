/** What a script's runner did to this process: the code it exited with and what it wrote. */
export interface ProcessRun {
    readonly code: number;
    readonly argv: readonly string[];
    readonly stdout: string;
    readonly stderr: string;
    /** Writes not yet written out when the process exited: what a pipe would lose (Node's process.exit does not wait). */
    readonly unflushed: number;
}

/**
 * Runs `start` (a script's runner, such as `runScript(main)`) as if this process were the script run
 * with `argv`: its streams are captured and `process.exit` ends the run instead of the process. Resolves
 * on the first exit; everything is put back before, and after 5 s without an exit.
 */
export function asProcess(argv: readonly string[], start: () => void): Promise<ProcessRun> {
    const saved = { exit: process.exit, stdout: process.stdout.write, stderr: process.stderr.write, argv: process.argv };
    const restore = () => {
        process.exit = saved.exit;
        process.stdout.write = saved.stdout;
        process.stderr.write = saved.stderr;
        process.argv = saved.argv;
    };
    const written = { stdout: "", stderr: "" };
    let unflushed = 0;
    // Each write is written out after this turn, in order, as a pipe's may be; then its callback runs.
    const writer = (stream: keyof typeof written) =>
        ((chunk: unknown, ...rest: unknown[]) => {
            written[stream] += String(chunk);
            unflushed += 1;
            const done = rest.find((r): r is () => void => typeof r === "function");
            setImmediate(() => {
                unflushed -= 1;
                done?.();
            });
            return true;
        }) as typeof process.stdout.write;
    return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
            restore();
            reject(new Error("the script never exited"));
        }, 5000);
        process.exit = ((code?: number) => {
            clearTimeout(timer);
            restore();
            resolve({ code: code ?? 0, argv, ...written, unflushed });
        }) as typeof process.exit;
        process.stdout.write = writer("stdout");
        process.stderr.write = writer("stderr");
        process.argv = [saved.argv[0] as string, "script.ts", ...argv];
        try {
            start();
        } catch (error) {
            clearTimeout(timer);
            restore();
            reject(error);
        }
    });
}
