// Test files run in parallel, one worker per core and at least two: the suite waits mostly on
// subprocesses (Helm, promtool, Prometheus, tsc) and on the plan of whole stacks.
const os = require("node:os");

// `npx mocha test/x.test.ts` runs that file alone; without a file, the whole suite.
const files = process.argv.slice(2).filter((a) => a.endsWith(".ts"));

module.exports = {
    "node-option": ["import=tsx"],
    spec: files.length > 0 ? files : ["test/**/*.test.ts"],
    extension: ["ts"],
    // Root hooks around every file: the temporary folders the tests made are removed.
    require: ["test/support/hooks.ts"],
    timeout: 30000,
    reporter: "spec",
    parallel: true,
    jobs: Math.max(2, os.cpus().length),
};
