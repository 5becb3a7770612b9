/**
 * Requests to the platform's admission policies, as the API server would make them: objects checked
 * against the Kubernetes 1.33 schema first (an object the API server would refuse anyway proves
 * nothing), namespaces built by the platform's own code, and the policies' evaluation by the CEL
 * interpreter the plan uses.
 */
import * as assert from "node:assert/strict";
import { Secret, Service } from "kubernetes-models/v1";
import type { AdmissionException } from "../../core/model/allowances";
import type { TeamSpec } from "../../core/model/stackModel";
import { ADMISSION_POLICIES, type AdmissionPolicy, admissionObjects } from "../../core/tenancy/admission";
import { type AdmissionRequest, admit, evaluate, type Verdict } from "../../core/tenancy/admissionEval";
import { tenantObjects } from "../../core/tenancy/objects";
import { loadEnvironment } from "../helpers";

export type { AdmissionRequest, Verdict } from "../../core/tenancy/admissionEval";

/** Every policy with its binding, as deployed. */
export const POLICY_OBJECTS = ADMISSION_POLICIES.map(admissionObjects);

/** The verdict of all the platform's policies. */
export const admitAll = (request: AdmissionRequest): Verdict => admit(POLICY_OBJECTS, request);

/** Every team of prod, as the shard that deploys it loads it. */
const prod = loadEnvironment("prod").teams;
export const tenant = (team: string) => {
    const found = prod.find((t) => t.team === team);
    assert.ok(found, `team ${team} does not run in prod`);
    return found;
};

/** A team's prod namespace as the platform builds it, optionally with more in its spec (waivers, exposure). */
export function namespaceOf(team: string, spec: Partial<TeamSpec> = {}): Record<string, unknown> {
    return tenantObjects({ ...tenant(team), ...spec }, "prod")[0] as unknown as Record<string, unknown>;
}
export const waived = (team: string, ...exceptions: AdmissionException[]) => namespaceOf(team, { admissionExceptions: exceptions });

/** fintech declares no domains, no service types, no waivers; retail declares shop.contoso.example. */
export const fintech = namespaceOf("fintech");
export const retail = namespaceOf("retail");

/** A model of kubernetes-models: validates an object against the Kubernetes schema. */
type Model = new (data: never) => { validate(): void };

/** A request for `object`, which must be valid for its kind's schema. */
export function request(
    model: Model,
    group: string,
    resource: string,
    object: Record<string, unknown>,
    namespaceObject = fintech,
    extra: Partial<AdmissionRequest> = {},
): AdmissionRequest {
    new model(object as never).validate();
    return { group, version: "v1", resource, operation: "CREATE", object, namespaceObject, ...extra };
}

export const service = (spec: Record<string, unknown>, ns = fintech) =>
    request(
        Service,
        "",
        "services",
        { apiVersion: "v1", kind: "Service", metadata: { name: "s" }, spec: { ports: [{ port: 80 }], ...spec } },
        ns,
    );
export const secret = (type?: string) =>
    request(Secret, "", "secrets", { apiVersion: "v1", kind: "Secret", metadata: { name: "x" }, ...(type ? { type } : {}) });

/** Cases of a policy table: what is admitted, and what is denied with which message. */
export type Allowed = readonly [what: string, request: AdmissionRequest];
export type Denied = readonly [what: string, request: AdmissionRequest, message: RegExp];

/**
 * One test per case against every policy (a case is judged by all of them, as the API server does),
 * and one that each validation of `policies` denies at least one case: no check goes untested.
 */
export function policyTable(policies: readonly AdmissionPolicy[], allowed: readonly Allowed[], denied: readonly Denied[]): void {
    for (const [what, req] of allowed) {
        it(`admits ${what}`, () => {
            assert.deepEqual(admitAll(req), { allowed: true });
        });
    }
    for (const [what, req, message] of denied) {
        it(`denies ${what}`, () => {
            const verdict = admitAll(req);
            assert.equal(verdict.allowed, false, what);
            assert.match((verdict as { message: string }).message, message);
        });
    }
    it(`exercises every validation of ${policies.map((p) => p.name).join(", ")} with a case it denies`, () => {
        const objects = policies.map(admissionObjects);
        const messages = new Set(
            denied.flatMap(([, req]) => objects.map((o) => evaluate(o, req)).flatMap((v) => (v.allowed ? [] : [v.message]))),
        );
        for (const policy of policies) {
            for (const v of policy.validations) {
                assert.ok(messages.has(v.message), `${policy.name}: no case is denied by "${v.message}"`);
            }
        }
    });
}
