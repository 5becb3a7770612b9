// Test files run in parallel, one worker per core and at least two: the suite waits mostly on
// subprocesses (Helm, promtool, Prometheus, tsc) and on the plan of whole stacks.
const os = require("node:os");

module.exports = {
    "node-option": ["import=tsx"],
    spec: ["test/**/*.test.ts"],
    extension: ["ts"],
    timeout: 30000,
    reporter: "spec",
    parallel: true,
    jobs: Math.max(2, os.cpus().length),
};
