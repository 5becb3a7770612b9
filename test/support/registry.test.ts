import * as assert from "node:assert/strict";
import { spawn } from "node:child_process";
import * as net from "node:net";
import * as path from "node:path";
import { ROOT } from "../helpers";

const listening = (port: number) =>
    new Promise<boolean>((resolve) => {
        const socket = net.connect(port, "127.0.0.1", () => {
            socket.destroy();
            resolve(true);
        });
        socket.on("error", () => resolve(false));
    });

describe("the tests' OCI registry", function () {
    this.timeout(60_000);

    it("GIVEN the test process dies without stopping it THEN the registry stops by itself", async () => {
        // A process that starts a registry, prints its port, and is killed with no chance to clean up.
        const script = `require(${JSON.stringify(path.join(ROOT, "test/support/registry.ts"))}).startRegistry().then((r) => { console.log(r.host); process.kill(process.pid, "SIGKILL"); })`;
        const child = spawn(process.execPath, ["--import", "tsx", "-e", script], { cwd: ROOT, stdio: ["ignore", "pipe", "inherit"] });
        let output = "";
        child.stdout.on("data", (chunk) => {
            output += String(chunk);
        });
        await new Promise((resolve) => child.on("exit", resolve));
        const port = Number(/127\.0\.0\.1:(\d+)/.exec(output)?.[1]);
        assert.ok(port > 0, `no registry address in ${JSON.stringify(output)}`);
        const deadline = Date.now() + 10_000;
        while ((await listening(port)) && Date.now() < deadline) {
            await new Promise((r) => setTimeout(r, 200));
        }
        assert.equal(await listening(port), false, `the registry on ${port} outlived the process that started it`);
    });
});
