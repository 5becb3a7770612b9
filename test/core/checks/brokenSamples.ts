import * as assert from "node:assert/strict";
import type { SourceTree } from "../../../core/base/sourceTree";
import { changedTree, sampleTree } from "../../helpers";

/**
 * A change of one file of the sample: its new text, `null` to remove it, `[from, to]` to replace a part
 * of its text (which must be there), or its text with more appended, or another file's text copied.
 */
export type Change =
    | string
    | null
    | readonly [from: string, to: string]
    | { readonly append: string }
    | { readonly copyOf: string; readonly edit?: readonly [from: string, to: string] };

/** A sample broken for one rule: the stack to load, the changes, and a part of what the rule reports. */
export interface Broken {
    readonly stack: string;
    readonly changes: Readonly<Record<string, Change>>;
    /** A part of the formatted problem (file, line, key, message, fix), or of the finding's message. */
    readonly reports: string;
}

/** The sample with `changes` made; a replacement whose text is not in the sample fails, rather than change nothing. */
export function brokenSample(changes: Readonly<Record<string, Change>>): SourceTree {
    const sample = sampleTree();
    const textOf = (file: string) => {
        const text = sample.read(file);
        assert.ok(text !== undefined, `${file} is in the sample`);
        return text;
    };
    const replaced = (file: string, text: string, [from, to]: readonly [string, string]) => {
        assert.ok(text.includes(from), `${file} has ${JSON.stringify(from)}`);
        return text.replace(from, to);
    };
    const files = Object.entries(changes).map(([file, change]): [string, string | null] => {
        if (change === null || typeof change === "string") {
            return [file, change];
        }
        if ("append" in change) {
            return [file, `${textOf(file)}${change.append}`];
        }
        if ("copyOf" in change) {
            const copy = textOf(change.copyOf);
            return [file, change.edit ? replaced(change.copyOf, copy, change.edit) : copy];
        }
        return [file, replaced(file, textOf(file), change)];
    });
    return changedTree(Object.fromEntries(files));
}

/** An allowance entry of team fintech granting `what`, to append to its allowances file. */
export function grant(what: string): string {
    return `  - reason: What this test grants team fintech\n    approvedBy: platform-team (PLAT-1)\n    expires: "2028-01-31"\n    ${what}\n`;
}

/** For every governance rule, a change that breaks it and a part of its finding's message. */
export const FINDING: Readonly<Record<string, Broken>> = {
    "chart-provenance": {
        stack: "dev",
        changes: { "Pulumi.dev.yaml": ["  helm-platform:charts:\n    keyring: keys/charts.pubring.gpg\n", ""] },
        reports: "the chart's provenance is not verified",
    },
    "image-from-platform-registry": {
        stack: "prod.payments",
        changes: { "tenants/fintech/ledger/values.prod.yaml": { append: "  registry: docker.io\n" } },
        reports: 'image registry "docker.io" is not the platform registry',
    },
    "image-tag-pinned": {
        stack: "prod.payments",
        changes: { "tenants/fintech/ledger/values.prod.yaml": ['tag: "2.0.3"', "tag: latest"] },
        reports: 'image.tag is "latest"',
    },
    "resources-set": {
        stack: "prod.payments",
        changes: { "tenants/fintech/ledger/values.prod.yaml": { append: "resources:\n  requests:\n    memory: null\n" } },
        reports: "resources.requests.memory not set",
    },
    "replicas-or-autoscaler": {
        stack: "prod.payments",
        changes: { "tenants/fintech/ledger/values.prod.yaml": { append: "replicaCount: 1\n" } },
        reports: "replicaCount is 1 and there is no autoscaler",
    },
    "promotion-gate": {
        stack: "prod.payments",
        changes: { "tenants/fintech.yaml": ["      uat: 2.1.0\n      prod: 2.0.3", "      uat: 2.0.2\n      prod: 2.0.3"] },
        reports: "version 2.0.3 is not yet in uat (which runs 2.0.2)",
    },
    "allowance-expiry": {
        stack: "prod.payments",
        changes: { "allowances/fintech.yaml": ['expires: "2028-06-30"', 'expires: "2026-12-15"'] },
        reports: "expires on 2026-12-15, in 14 days",
    },
    "values-keys-known": {
        stack: "prod.payments",
        changes: { "tenants/fintech/ledger/values.prod.yaml": { append: "replicaCont: 2\n" } },
        reports: "replicaCont: chart ledger 2.0.3 has no such key",
    },
};
