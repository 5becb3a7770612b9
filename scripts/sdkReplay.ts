/**
 * The benchmark's floor: the bare Pulumi SDKs registering a plan's resources again, flat, with no
 * platform logic. Each resource is built with its SDK's own class (a Helm release as
 * `helm.v3.Release`, a namespace as `core.v1.Namespace`), the inputs the plan recorded, and the same
 * parent, provider, `dependsOn`, `protect`, `retainOnDelete`, `deleteBeforeReplace` and `ignoreChanges`. What is left between this and the plan is the
 * platform's own work: configuration, values, components' logic and the Outputs that wire them.
 */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { TYPE_PREFIX } from "../core/base/resourceTypes";
import type { PlanResource } from "../core/report/planTypes";
import { resourceKey } from "../core/report/planTypes";

const STACK_REFERENCE = "pulumi:pulumi:StackReference";

type ResourceClass = new (name: string, args: pulumi.Inputs, opts?: pulumi.CustomResourceOptions) => pulumi.Resource;

/** The SDK class registering `type`: the type token names the package, module and kind. */
export function sdkClass(type: string): ResourceClass {
    if (type === STACK_REFERENCE) {
        // A shard reads its foundation's outputs: the SDK's own resource, with the stack name as input.
        return pulumi.StackReference as unknown as ResourceClass;
    }
    const [pkg, module, kind] = type.split(":");
    let candidate: unknown;
    if (pkg === "azure-native") {
        candidate = sdkModule(`@pulumi/azure-native/${module}`)?.[kind];
    } else if (pkg === "kubernetes") {
        // `rbac.authorization.k8s.io/v1` → `@pulumi/kubernetes/rbac/v1`; a CRD's group has no module.
        const [group, version] = module.split("/");
        const k8sModule = sdkModule(`@pulumi/kubernetes/${group.split(".")[0]}/${version}`);
        candidate = k8sModule ? k8sModule[kind] : k8s.apiextensions.CustomResource;
    }
    const declared = (candidate as { __pulumiType?: string } | undefined)?.__pulumiType;
    if (!candidate || (declared !== undefined && declared !== type)) {
        throw new Error(`no SDK class registers ${type}`);
    }
    return candidate as ResourceClass;
}

function sdkModule(module: string): Record<string, unknown> | undefined {
    try {
        return require(module) as Record<string, unknown>;
    } catch {
        return undefined;
    }
}

/** A component of the plan: the SDK's own ComponentResource, closed as every component is. */
class ReplayedComponent extends pulumi.ComponentResource {
    constructor(type: string, name: string, inputs: pulumi.Inputs, opts: pulumi.ComponentResourceOptions) {
        super(type, name, inputs, opts);
        this.registerOutputs({});
    }
}

/** A provider of the plan, with the inputs it recorded (the provider classes serialise some to JSON). */
class ReplayedProvider extends pulumi.ProviderResource {
    constructor(pkg: string, name: string, inputs: pulumi.Inputs, opts: pulumi.ResourceOptions) {
        super(pkg, name, inputs, opts);
    }
}

/**
 * Registers `resources` (in plan order, so parents and providers come first) inside a running stack.
 * Components are the plan's `<project>:` types; everything else goes through its SDK class.
 */
export function replay(resources: readonly PlanResource[], project: string): void {
    const classes = new Map<string, ResourceClass>();
    const built = new Map<string, pulumi.Resource>();
    for (const r of resources) {
        const parent = r.parent ? built.get(r.parent) : undefined;
        const dependsOn = r.dependsOn.map((k) => built.get(k)).filter((d): d is pulumi.Resource => d !== undefined);
        const opts = {
            parent,
            dependsOn,
            protect: r.protect,
            retainOnDelete: r.retainOnDelete,
            deleteBeforeReplace: r.deleteBeforeReplace,
            ignoreChanges: r.ignoreChanges ? [...r.ignoreChanges] : undefined,
        };
        let resource: pulumi.Resource;
        if (r.type.startsWith(`${project}:`)) {
            resource = new ReplayedComponent(r.type, r.name, r.inputs, opts);
        } else if (r.type.startsWith(TYPE_PREFIX.provider)) {
            resource = new ReplayedProvider(r.type.slice(TYPE_PREFIX.provider.length), r.name, r.inputs, opts);
        } else {
            const cls = classes.get(r.type) ?? sdkClass(r.type);
            classes.set(r.type, cls);
            const provider = r.provider ? (built.get(r.provider) as pulumi.ProviderResource | undefined) : undefined;
            resource = new cls(r.name, r.inputs, { ...opts, provider });
        }
        built.set(resourceKey(r.type, r.name), resource);
    }
}
