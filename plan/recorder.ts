import * as pulumi from "@pulumi/pulumi";
import { SECRET, UNKNOWN } from "../core/base/constants";
import { type PlanResource, resourceKey } from "../core/report/planTypes";
import { isMap, sortKeys, type Values } from "../core/values/merge";

/**
 * Stands in for the Pulumi engine: registers nothing anywhere, records what the program registers.
 * Runs in preview mode, so every value only the cloud would know stays unknown; the recorded inputs
 * are exactly what the program passed, with secrets and unknowns masked.
 */
export class PlanRecorder implements pulumi.runtime.Mocks {
    private readonly inputs = new Map<string, { inputs: Values; provider?: string }>();
    private readonly options = new Map<string, RecordedOptions>();
    private readonly order: string[] = [];
    private readonly keys = new WeakMap<pulumi.Resource, string>();

    /**
     * @param calls functions the program may call, with the answer; any other call fails loudly
     * @param cloud outputs a test plays for the cloud (with `preview: false`); the offline plan plays none
     */
    constructor(
        private readonly calls: Readonly<Record<string, (inputs: Values) => Values>> = {},
        private readonly cloud?: (args: pulumi.runtime.MockResourceArgs) => { id: string; state: Values },
    ) {}

    newResource(args: pulumi.runtime.MockResourceArgs): pulumi.runtime.MockResourceResult {
        const key = resourceKey(args.type, args.name);
        this.inputs.set(key, { inputs: args.inputs as Values, provider: providerKey(args.provider) });
        if (this.cloud) {
            const played = this.cloud(args);
            return { id: played.id, state: { ...(args.inputs as Values), ...played.state } };
        }
        // Echo the inputs as outputs, as a real preview does; everything else (IDs included) stays unknown.
        return { id: undefined, state: args.inputs as Record<string, unknown> };
    }

    call(args: pulumi.runtime.MockCallArgs): pulumi.runtime.MockCallResult {
        const answer = this.calls[args.token];
        if (!answer) {
            throw new Error(`the offline plan does not expect a call to ${args.token}`);
        }
        return answer(args.inputs as Values);
    }

    /** Registers the stack transformation that records parent, `dependsOn` and `protect`; call inside the stack. */
    install(): void {
        pulumi.runtime.registerStackTransformation((args) => {
            const key = resourceKey(args.type, args.name);
            this.keys.set(args.resource, key);
            this.order.push(key);
            const opts = args.opts as pulumi.CustomResourceOptions;
            this.options.set(key, {
                parent: args.opts.parent ? (this.keys.get(args.opts.parent) ?? null) : null,
                dependsOn: this.dependencyKeys(args.opts.dependsOn),
                protect: args.opts.protect === true,
                ...(opts.retainOnDelete ? { retainOnDelete: true as const } : {}),
                ...(opts.deleteBeforeReplace ? { deleteBeforeReplace: true as const } : {}),
                ...(opts.ignoreChanges?.length ? { ignoreChanges: [...opts.ignoreChanges] } : {}),
                inputDependencies: outputDependencies(args.props),
            });
            return undefined;
        });
    }

    /** Every resource registered so far, in registration order. */
    resources(): PlanResource[] {
        return this.order.map((key) => {
            const [type, name] = splitKey(key);
            const { inputDependencies, ...options } = this.options.get(key) ?? {
                parent: null,
                dependsOn: [],
                protect: false,
                inputDependencies: new Set<pulumi.Resource>(),
            };
            const recorded = this.inputs.get(key);
            const implicit = [...inputDependencies].map((r) => this.keys.get(r)).filter((k): k is string => k !== undefined);
            return {
                type,
                name,
                ...options,
                ...(implicit.length ? { inputDependencies: [...new Set(implicit)].sort() } : {}),
                ...(recorded?.provider ? { provider: recorded.provider } : {}),
                inputs: sortKeys(maskValue(recorded?.inputs ?? {}) as Values),
            };
        });
    }

    private dependencyKeys(dependsOn: unknown): string[] {
        const list = Array.isArray(dependsOn) ? dependsOn : dependsOn ? [dependsOn] : [];
        return list.map((d) => (pulumi.Resource.isInstance(d) ? this.keys.get(d) : undefined) ?? UNKNOWN).sort();
    }
}

/** The options of a registered resource the plan records. */
interface RecordedOptions {
    readonly parent: string | null;
    readonly dependsOn: string[];
    readonly protect: boolean;
    readonly retainOnDelete?: true;
    readonly deleteBeforeReplace?: true;
    readonly ignoreChanges?: string[];
    readonly inputDependencies: Set<pulumi.Resource>;
}

/**
 * The resources a resource's inputs are computed from: each Output knows the resources it came from
 * (the SDK's own, internal `resources()`), which is how Pulumi orders resources without `dependsOn`.
 */
function outputDependencies(value: unknown, found = new Set<pulumi.Resource>(), seen = new Set<unknown>()): Set<pulumi.Resource> {
    if (value === null || typeof value !== "object" || seen.has(value) || pulumi.Resource.isInstance(value)) {
        return found;
    }
    seen.add(value);
    if (pulumi.Output.isInstance(value)) {
        const resources = (value as unknown as { resources(): Set<pulumi.Resource> }).resources();
        for (const r of resources) {
            found.add(r);
        }
        return found;
    }
    for (const child of Array.isArray(value) ? value : Object.values(value)) {
        outputDependencies(child, found, seen);
    }
    return found;
}

/** Replaces secrets by `[secret]` and unknowns by `[unknown]`, at any depth. */
export function maskValue(value: unknown): unknown {
    if (pulumi.runtime.isRpcSecret(value)) {
        return SECRET;
    }
    if (pulumi.isUnknown(value)) {
        return UNKNOWN;
    }
    if (Array.isArray(value)) {
        return value.map(maskValue);
    }
    if (pulumi.Resource.isInstance(value)) {
        return UNKNOWN;
    }
    if (isMap(value)) {
        const out: Values = {};
        for (const [k, v] of Object.entries(value)) {
            out[k] = maskValue(v);
        }
        return out;
    }
    return value;
}

/** Provider reference `urn::id` → `<type>::<name>`. */
function providerKey(reference: string | undefined): string | undefined {
    if (!reference) {
        return undefined;
    }
    const parts = reference.split("::");
    const type = parts[2]?.split("$").pop();
    return type && parts[3] ? resourceKey(type, parts[3]) : undefined;
}

function splitKey(key: string): [string, string] {
    const i = key.indexOf("::");
    return [key.slice(0, i), key.slice(i + 2)];
}
