import { z } from "zod";
import { EXPOSED_SERVICE_TYPES, type LimitsSpec, POD_SECURITY_LEVELS, PORT_PROTOCOLS, type QuotaSpec } from "../model/environment";
import { mergeValues, type Values } from "../values/merge";
import { cidrSchema } from "./cidr";
import { nameSchema } from "./names";

/** Multipliers of Kubernetes quantity suffixes (decimal SI and binary). */
const SUFFIXES: Readonly<Record<string, number>> = {
    "": 1,
    m: 1e-3,
    k: 1e3,
    M: 1e6,
    G: 1e9,
    T: 1e12,
    P: 1e15,
    E: 1e18,
    Ki: 2 ** 10,
    Mi: 2 ** 20,
    Gi: 2 ** 30,
    Ti: 2 ** 40,
    Pi: 2 ** 50,
    Ei: 2 ** 60,
};

const QUANTITY = /^([0-9]+(?:\.[0-9]+)?)(m|k|Ki|M|Mi|G|Gi|T|Ti|P|Pi|E|Ei)?$/;

/** The amount a quantity such as `500m`, `2Gi` or `10` stands for (cores, bytes or a count), to compare two. */
export function quantityValue(text: string): number {
    const match = QUANTITY.exec(text);
    if (!match) {
        throw new Error(`"${text}" is not a Kubernetes quantity`);
    }
    return Number(match[1]) * (SUFFIXES[match[2] ?? ""] as number);
}

/** A Kubernetes resource quantity such as `500m`, `2Gi` or `10`. */
const quantity = z
    .union([z.string(), z.int().min(0)])
    .transform(String)
    .pipe(z.string().regex(QUANTITY, { message: "must be a Kubernetes quantity such as 500m, 2Gi or 10" }));

/** ResourceQuota `hard` limits a namespace may use. */
export const quotaSchema = z
    .strictObject({
        "requests.cpu": quantity.optional(),
        "requests.memory": quantity.optional(),
        "limits.cpu": quantity.optional(),
        "limits.memory": quantity.optional(),
        pods: quantity.optional(),
        services: quantity.optional(),
        "services.loadbalancers": quantity.optional(),
        persistentvolumeclaims: quantity.optional(),
        "requests.storage": quantity.optional(),
    })
    .describe(
        "ResourceQuota `hard` limits, Kubernetes quantities such as `500m`, `2Gi` or `10`, layered over the lower layers like values.",
    );

const cpuMemory = z.strictObject({ cpu: quantity.optional(), memory: quantity.optional() });

/** LimitRange defaults for containers that declare no requests or limits. */
export const limitsSchema = z
    .strictObject({
        defaultRequest: cpuMemory.optional().describe("Requests of a container that declares none."),
        default: cpuMemory.optional().describe("Limits of a container that declares none."),
    })
    .describe("LimitRange defaults for containers that declare no requests or limits, layered like values.");

/** A request for, or a stack's grant of, a Pod Security level other than the environment's, with the reason. */
export const podSecurityOverrideSchema = z.strictObject({
    enforce: z.enum(POD_SECURITY_LEVELS).describe("The Pod Security level asked for."),
    reason: z.string().min(10, { message: "must say why, in at least 10 characters" }).describe("Why, in at least 10 characters."),
});

const portSchema = z.strictObject({ port: z.int().min(1).max(65535), protocol: z.enum(PORT_PROTOCOLS).default("TCP") }).describe("A port.");

/** One extra egress allowance of a team: to a network or to another team's namespace, on some ports. */
export const egressRuleSchema = z.strictObject({
    description: z.string().min(1).describe("What the team reaches there, for the reviewer."),
    cidr: cidrSchema
        .optional()
        .describe(
            "An IPv4 or IPv6 network outside the cluster; never `0.0.0.0/0`, link-local (IMDS), loopback or a cluster range. Exactly one of `cidr` and `team`.",
        ),
    team: nameSchema(30).optional().describe("Another team on the same cluster, which must admit this team in its own `network.ingress`."),
    ports: z.array(portSchema).min(1).describe("The destination's ports."),
});

/** Another team allowed to reach this team's pods, on some ports. */
export const ingressRuleSchema = z.strictObject({
    description: z.string().min(1).describe("What the other team calls, for the reviewer."),
    team: nameSchema(30).describe("The team whose pods may reach this team's pods."),
    ports: z.array(portSchema).min(1).describe("This team's ports it may reach."),
});

/** A DNS name such as `payments.example.com`: lowercase labels, at least two. */
export const domainSchema = z
    .string()
    .max(253)
    .regex(/^([a-z0-9]([-a-z0-9]*[a-z0-9])?\.)+[a-z]([-a-z0-9]*[a-z0-9])?$/, {
        message: "must be a lowercase DNS name such as payments.example.com",
    });

/** Whether `domain` is `parent` or a subdomain of it. */
export const covers = (parent: string, domain: string): boolean => parent === domain || domain.endsWith(`.${parent}`);

/** What a team may expose beyond ClusterIP Services, enforced by the platform's admission policies. */
export const exposureSchema = z.strictObject({
    serviceTypes: z.array(z.enum(EXPOSED_SERVICE_TYPES)).default([]).describe("Service types beyond ClusterIP."),
    ingressDomains: z
        .array(domainSchema)
        .default([])
        .describe("Domains (and their subdomains) the team's Ingresses may serve; no other team's."),
});

export type EgressRule = z.output<typeof egressRuleSchema>;
export type IngressRule = z.output<typeof ingressRuleSchema>;

/**
 * Platform defaults, the lowest layer under the environment's `tenancy.quota`/`tenancy.limits` and the
 * team's `quota`/`limits`. Sized for a team running a handful of services.
 */
export const PLATFORM_QUOTA: QuotaSpec = {
    "requests.cpu": "8",
    "requests.memory": "16Gi",
    "limits.cpu": "16",
    "limits.memory": "32Gi",
    pods: "100",
    services: "30",
    "services.loadbalancers": "0",
    persistentvolumeclaims: "20",
    "requests.storage": "500Gi",
};

export const PLATFORM_LIMITS: LimitsSpec = {
    defaultRequest: { cpu: "100m", memory: "128Mi" },
    default: { cpu: "500m", memory: "512Mi" },
};

/** Layers quota or limit settings exactly as values are layered: platform, environment, team. */
export function layer<T>(platform: T, environment: unknown, team: unknown): T {
    return mergeValues([
        { source: "platform", values: platform as Values },
        { source: "environment", values: (environment ?? {}) as Values },
        { source: "team", values: (team ?? {}) as Values },
    ]).values as T;
}
