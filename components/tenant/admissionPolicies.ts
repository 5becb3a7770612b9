import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { TYPE } from "../../core/base/resourceTypes";
import { ADMISSION_POLICIES, admissionObjects } from "../../core/tenancy/admission";

/**
 * The platform's `ValidatingAdmissionPolicy` objects and their bindings on one cluster: enforced by
 * the API server for every tenant namespace, whoever makes the request. Needs Kubernetes 1.30 or newer.
 * Give the cluster's provider (the platform's: the policies are cluster-scoped) as `provider` in `opts`.
 */
export class AdmissionPolicies extends pulumi.ComponentResource {
    /** Every policy and binding: tenant namespaces and releases wait for them. */
    public readonly ready: pulumi.Resource[];

    constructor(name: string, opts?: pulumi.ComponentResourceOptions) {
        super(TYPE.admissionPolicies, name, {}, opts);
        this.ready = ADMISSION_POLICIES.flatMap((p) => {
            const { policy, binding } = admissionObjects(p);
            const created = new k8s.admissionregistration.v1.ValidatingAdmissionPolicy(
                `${name}-${p.name}`,
                { metadata: policy.metadata, spec: policy.spec },
                { parent: this, dependsOn: opts?.dependsOn },
            );
            const bound = new k8s.admissionregistration.v1.ValidatingAdmissionPolicyBinding(
                `${name}-${p.name}-binding`,
                { metadata: binding.metadata, spec: binding.spec },
                { parent: this, dependsOn: [created] },
            );
            return [created, bound];
        });
        this.registerOutputs({ policies: ADMISSION_POLICIES.map((p) => p.name) });
    }
}
