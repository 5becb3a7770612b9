#!/usr/bin/env node
// A stand-in `pulumi` CLI for the deploy's tests: it answers the commands Pulumi's Automation API
// (@pulumi/pulumi 3.248.0, automation/localWorkspace.js and stack.js) runs to select a stack, preview
// and update it, as the real CLI answers them, and records each call. Anything else fails loudly.
//
// STANDIN_LOG           file to append one JSON line per call to ({ args, stack, event: start | end, at })
// STANDIN_VERSION       what `pulumi version` prints (default 3.248.0)
// STANDIN_FAIL          comma-separated stacks whose preview and up fail
// STANDIN_DELAY_MS      how long a preview or up takes (default 0)
// STANDIN_CHANGES       the resource changes a preview or up reports, as JSON
// STANDIN_TOGETHER      comma-separated stacks whose up waits, up to 20 s, until every one of them has
//                       started its up: side by side they all finish at once, one after the other the
//                       first waits out the 20 s (a test's proof of parallelism that no load can fake)
"use strict";
const fs = require("node:fs");
const path = require("node:path");
const { createRequire } = require("node:module");

const args = process.argv.slice(2);
const flagValue = (flag) => {
    const i = args.indexOf(flag);
    return i >= 0 ? args[i + 1] : undefined;
};
const stack = flagValue("--stack");
const log = (event) => {
    if (process.env.STANDIN_LOG) {
        fs.appendFileSync(process.env.STANDIN_LOG, `${JSON.stringify({ args, stack, event, at: Date.now() })}\n`);
    }
};
const changes = JSON.parse(process.env.STANDIN_CHANGES || '{"create":2,"same":40}');
const failing = (process.env.STANDIN_FAIL || "").split(",").includes(stack);
const delay = () => new Promise((resolve) => setTimeout(resolve, Number(process.env.STANDIN_DELAY_MS || 0)));
const fail = (message, code = 255) => {
    process.stderr.write(`error: ${message}\n`);
    log("end");
    process.exit(code);
};

/** Sends engine events to the Automation API's events server (`--event-log tcp://host:port`, CLI > 3.205). */
function sendEvents(target, events) {
    // The SDK's own gRPC client and generated Events service, resolved from the repository's @pulumi/pulumi.
    const sdk = createRequire(path.join(__dirname, "..", "..", "node_modules", "@pulumi", "pulumi", "package.json"));
    const grpc = sdk("@grpc/grpc-js");
    const service = sdk("./proto/events_grpc_pb");
    const messages = sdk("./proto/events_pb");
    const Client = grpc.makeGenericClientConstructor(service.EventsService, "Events");
    const client = new Client(target.replace(/^tcp:\/\//, ""), grpc.credentials.createInsecure());
    return new Promise((resolve, reject) => {
        const call = client.streamEvents((error) => (error ? reject(error) : resolve()));
        for (const event of events) {
            const request = new messages.EventRequest();
            request.setEvent(JSON.stringify(event));
            call.write(request);
        }
        call.end();
    });
}

/** Marks this stack's up as started and waits until every STANDIN_TOGETHER stack's is, or 20 s have passed. */
async function rendezvous() {
    const together = (process.env.STANDIN_TOGETHER || "").split(",").filter(Boolean);
    if (!together.includes(stack) || !process.env.STANDIN_LOG) {
        return;
    }
    const marker = (s) => `${process.env.STANDIN_LOG}.${s}.up`;
    fs.writeFileSync(marker(stack), "");
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline && !together.every((s) => fs.existsSync(marker(s)))) {
        await new Promise((resolve) => setTimeout(resolve, 25));
    }
}

async function operation(kind) {
    process.stdout.write(`${kind === "up" ? "Updating" : "Previewing update"} (${stack}):\n`);
    if (kind === "up") {
        await rendezvous();
    }
    await delay();
    if (failing) {
        fail(`update of ${stack} failed: the stand-in was told to fail it`);
    }
    process.stdout.write(`    + kubernetes:core/v1:Namespace ${stack}-team ${kind === "up" ? "created" : "create"}\n`);
    process.stdout.write(`Resources:\n    + ${changes.create ?? 0} ${kind === "up" ? "created" : "to create"}\n`);
    const target = flagValue("--event-log");
    if (target) {
        const summaryEvent = { maybeCorrupt: false, durationSeconds: 1, resourceChanges: changes, policyPacks: {} };
        await sendEvents(target, [
            { sequence: 0, timestamp: 0, preludeEvent: { config: {} } },
            { sequence: 1, timestamp: 1, summaryEvent },
        ]);
    }
}

async function main() {
    log("start");
    const [command, sub] = args;
    if (command === "version") {
        process.stdout.write(`v${process.env.STANDIN_VERSION || "3.248.0"}\n`);
    } else if (command === "stack" && sub === "select") {
        // Nothing to select: every later command names its stack with --stack.
    } else if (command === "up" && args.includes("--yes") && args.includes("--skip-preview")) {
        await operation("up");
    } else if (command === "preview") {
        await operation("preview");
    } else if (command === "stack" && sub === "output" && args.includes("--json")) {
        process.stdout.write("{}\n");
    } else if (command === "stack" && sub === "history" && args.includes("--json")) {
        const at = new Date().toISOString();
        const update = { kind: "update", startTime: at, endTime: at, message: "", environment: {}, config: {}, version: 1 };
        process.stdout.write(`${JSON.stringify([{ ...update, result: "succeeded", resourceChanges: changes }])}\n`);
    } else {
        fail(`the stand-in pulumi does not answer: pulumi ${args.join(" ")}`, 2);
    }
    log("end");
}

main().catch((error) => fail(String(error)));
