/**
 * Admission of pods, pod templates and CronJobs in tenant namespaces: nothing that reaches into the
 * node, whatever Pod Security level the namespace enforces (`privileged` in dev admits all of it).
 */
import { type AdmissionPolicy, celList, core, EXCEPTIONS_VARIABLE, type ResourceRule, type Validation, waivable } from "./admissionPolicy";
import { INSTALLER_SERVICE_ACCOUNT } from "./rbac";

/**
 * Capabilities Pod Security's baseline level lets a container add; anything else (`SYS_ADMIN`,
 * `NET_ADMIN`, `SYS_PTRACE`, `ALL`…) is a step towards the node.
 * @see https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline
 */
export const BASELINE_CAPABILITIES = [
    "AUDIT_WRITE",
    "CHOWN",
    "DAC_OVERRIDE",
    "FOWNER",
    "FSETID",
    "KILL",
    "MKNOD",
    "NET_BIND_SERVICE",
    "SETFCAP",
    "SETGID",
    "SETPCAP",
    "SETUID",
    "SYS_CHROOT",
] as const;

/** The taint AKS puts on a system node pool, which only cluster add-ons tolerate. */
export const SYSTEM_POOL_TAINT_KEY = "CriticalAddonsOnly";

/** Host namespaces and ports reach past the pod's network isolation: never waived. */
const hostValidations: readonly Validation[] = [
    {
        expression: "!has(variables.spec.hostNetwork) || !variables.spec.hostNetwork",
        message: "pods in tenant namespaces may not use the host's network",
        reason: "Forbidden",
    },
    {
        expression: "!has(variables.spec.hostPID) || !variables.spec.hostPID",
        message: "pods in tenant namespaces may not use the host's process namespace",
        reason: "Forbidden",
    },
    {
        expression: "!has(variables.spec.hostIPC) || !variables.spec.hostIPC",
        message: "pods in tenant namespaces may not use the host's IPC namespace",
        reason: "Forbidden",
    },
    {
        expression: "variables.containers.all(c, !has(c.ports) || c.ports.all(p, !has(p.hostPort) || p.hostPort == 0))",
        message: "containers in tenant namespaces may not bind host ports",
        reason: "Forbidden",
    },
];

/** The installer's ServiceAccount is Pulumi's, never a workload's (`serviceAccount` is the field's deprecated alias). */
const installerValidation: Validation = {
    expression: ["serviceAccountName", "serviceAccount"]
        .map((f) => `(!has(variables.spec.${f}) || variables.spec.${f} != '${INSTALLER_SERVICE_ACCOUNT}')`)
        .join(" && "),
    message: `pods may not run as ${INSTALLER_SERVICE_ACCOUNT}: it is the identity releases are installed with`,
    reason: "Forbidden",
};

const hostProcess = (context: string) =>
    `(has(${context}.securityContext) && has(${context}.securityContext.windowsOptions) && has(${context}.securityContext.windowsOptions.hostProcess) && ${context}.securityContext.windowsOptions.hostProcess)`;

/** What the allowances can waive, each for a named team. */
const waivableValidations: readonly Validation[] = [
    waivable("privileged", {
        expression: `variables.containers.all(c, !has(c.securityContext) || !has(c.securityContext.privileged) || !c.securityContext.privileged)`,
        message: "containers in tenant namespaces may not be privileged",
        reason: "Forbidden",
    }),
    waivable("privileged", {
        expression: `variables.containers.all(c, !has(c.securityContext) || !has(c.securityContext.capabilities) || !has(c.securityContext.capabilities.add) || c.securityContext.capabilities.add.all(cap, cap in ${celList(BASELINE_CAPABILITIES)}))`,
        message: "containers in tenant namespaces may add only the capabilities Pod Security's baseline allows",
        reason: "Forbidden",
    }),
    waivable("privileged", {
        expression: `!${hostProcess("variables.spec")} && variables.containers.all(c, !${hostProcess("c")})`,
        message: "pods in tenant namespaces may not run Windows HostProcess containers",
        reason: "Forbidden",
    }),
    waivable("hostPath", {
        expression: "!has(variables.spec.volumes) || variables.spec.volumes.all(v, !has(v.hostPath))",
        message: "pods in tenant namespaces may not mount hostPath volumes (the node's file system)",
        reason: "Forbidden",
    }),
    waivable("systemPriorityClass", {
        expression: "!has(variables.spec.priorityClassName) || !variables.spec.priorityClassName.startsWith('system-')",
        message: "pods in tenant namespaces may not use the system-* priority classes (they evict other pods to run)",
        reason: "Forbidden",
    }),
    waivable("systemPoolToleration", {
        // An empty key with operator Exists tolerates every taint, the system pool's included.
        expression: `!has(variables.spec.tolerations) || variables.spec.tolerations.all(t, (has(t.key) && t.key != '' && t.key != '${SYSTEM_POOL_TAINT_KEY}') || ((!has(t.key) || t.key == '') && (!has(t.operator) || t.operator != 'Exists')))`,
        message: `pods in tenant namespaces may not tolerate the system pool's ${SYSTEM_POOL_TAINT_KEY} taint, nor every taint`,
        reason: "Forbidden",
    }),
    waivable("systemPoolToleration", {
        // The scheduler binds a pod by setting nodeName through the binding subresource, never by an update.
        expression: "variables.created == false || !has(variables.spec.nodeName) || variables.spec.nodeName == ''",
        message: "pods in tenant namespaces may not name their node (spec.nodeName skips the scheduler and every taint)",
        reason: "Forbidden",
    }),
];

const containersOf = (spec: string) =>
    `${spec}.containers + (has(${spec}.initContainers) ? ${spec}.initContainers : []) + (has(${spec}.ephemeralContainers) ? ${spec}.ephemeralContainers : [])`;

/**
 * A policy over pod specs read from `spec` (each kind keeps its pod spec in its own place, so each
 * type-checks against its own schema). `created`: whether a `spec.nodeName` in the request was set by
 * the requester: a Pod's on creation, a template's always (the scheduler never writes templates).
 */
const podPolicy = (name: string, description: string, resources: ResourceRule[], spec: string, created: string): AdmissionPolicy => ({
    name,
    description,
    resources,
    variables: [
        { name: "spec", expression: spec },
        { name: "containers", expression: containersOf("variables.spec") },
        { name: "created", expression: created },
        EXCEPTIONS_VARIABLE,
    ],
    validations: [...hostValidations, installerValidation, ...waivableValidations],
});

const WHAT =
    "do not reach into their node (host namespaces, ports and paths, privilege, system priority or pool), nor run as the installer";

/** The pod policies: Pods, the workloads' pod templates, CronJobs' job templates. */
export const POD_POLICIES: readonly AdmissionPolicy[] = [
    podPolicy("helm-platform-tenant-pods", `Pods ${WHAT}`, [core("pods")], "object.spec", "request.operation == 'CREATE'"),
    podPolicy(
        "helm-platform-tenant-pod-templates",
        `Workloads' pod templates ${WHAT}`,
        [
            { apiGroups: ["apps"], apiVersions: ["v1"], resources: ["deployments", "statefulsets", "daemonsets", "replicasets"] },
            { apiGroups: ["batch"], apiVersions: ["v1"], resources: ["jobs"] },
        ],
        "object.spec.template.spec",
        "true",
    ),
    podPolicy(
        "helm-platform-tenant-cronjobs",
        `CronJobs' pod templates ${WHAT}`,
        [{ apiGroups: ["batch"], apiVersions: ["v1"], resources: ["cronjobs"] }],
        "object.spec.jobTemplate.spec.template.spec",
        "true",
    ),
];
