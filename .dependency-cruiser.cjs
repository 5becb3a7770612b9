/**
 * The layers of the code and what each may import (dependency-cruiser; checked by test/scripts/layers.test.ts,
 * drawn in the README). Within `core/`, a layer imports only the layers listed for it: lower ones.
 * Type-only imports count too.
 */
const CORE_LAYERS = {
    base: [],
    yaml: ["base"],
    values: ["base", "yaml"],
    model: ["base", "values"],
    azure: ["base", "model"],
    config: ["base", "yaml", "values", "model", "azure"],
    governance: ["base", "values", "model"],
    tenancy: ["base", "yaml", "values", "model", "azure", "config"],
    monitoring: ["base", "yaml", "values", "model", "config"],
    releases: ["base", "yaml", "values", "model", "config"],
    checks: ["base", "yaml", "values", "model", "config", "governance", "tenancy", "releases"],
    load: ["base", "yaml", "values", "model", "azure", "config", "governance", "tenancy", "monitoring", "releases", "checks"],
    report: ["base", "values", "model", "azure", "governance", "tenancy"],
};

const forbidden = [
    { name: "no-circular", comment: "Import cycles, type-only imports included.", severity: "error", from: {}, to: { circular: true } },
    ...Object.entries(CORE_LAYERS).map(([layer, below]) => ({
        name: `core-${layer}`,
        comment: `core/${layer}/ imports only ${below.length ? below.map((l) => `core/${l}/`).join(", ") : "nothing of the project"}.`,
        severity: "error",
        from: { path: `^core/${layer}/` },
        to: { path: "^core/", pathNot: `^core/(${[layer, ...below].join("|")})/` },
    })),
    {
        name: "core-folders",
        comment: "Everything in core/ lives in one of its layers.",
        severity: "error",
        from: { path: "^core/[^/]+$" },
        to: {},
    },
    {
        name: "core-is-pure",
        comment: "core/ is plain TypeScript: no Pulumi, no components, guards, plan, scripts or tests.",
        severity: "error",
        from: { path: "^core/" },
        to: { path: ["^(program|components|guards|plan|scripts|test)/", "^index\\.ts$", "node_modules/@pulumi/"] },
    },
    {
        name: "components",
        comment: "Components build on the core's model and rules, never on the loading or the plan side.",
        severity: "error",
        from: { path: "^components/" },
        to: { path: ["^core/(load|report)/", "^(program|guards|plan|scripts|test)/", "^index\\.ts$"] },
    },
    {
        name: "plan",
        comment: "The offline plan runs the program it is given; it never imports the program, components or scripts.",
        severity: "error",
        from: { path: "^plan/" },
        to: { path: ["^(program|components|guards|scripts|test)/", "^index\\.ts$"] },
    },
    {
        name: "program",
        comment: "The stack program composes the core and the components; nothing of the guards, plan, scripts or tests.",
        severity: "error",
        from: { path: "^program/" },
        to: { path: ["^(guards|plan|scripts|test)/", "^index\\.ts$"] },
    },
    {
        name: "guards",
        comment: "The repository's guards are a program of their own on core/: never the platform's components, program or plan.",
        severity: "error",
        from: { path: "^guards/" },
        to: { path: ["^(components|program|plan|scripts|test)/", "^index\\.ts$"] },
    },
    {
        name: "no-tests-in-product",
        comment: "Nothing but tests imports tests.",
        severity: "error",
        from: { pathNot: "^test/" },
        to: { path: "^test/" },
    },
];

module.exports = {
    forbidden,
    options: {
        tsPreCompilationDeps: true,
        tsConfig: { fileName: "tsconfig.json" },
        doNotFollow: { path: "node_modules" },
        exclude: { path: "^(node_modules|dist|out|test/fixtures)/" },
    },
};
