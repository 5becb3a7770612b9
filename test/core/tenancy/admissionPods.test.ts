import { Deployment } from "kubernetes-models/apps/v1";
import { CronJob } from "kubernetes-models/batch/v1";
import { Pod } from "kubernetes-models/v1";
import { POD_POLICIES } from "../../../core/tenancy/admissionPods";
import { type Allowed, type Denied, fintech, namespaceOf, policyTable, request, waived } from "../../support/admission";

type Spec = Record<string, unknown>;
const podSpec = (extra: Spec = {}, container: Spec = {}) => ({ containers: [{ name: "app", image: "app:1", ...container }], ...extra });
const secured = (securityContext: Spec) => podSpec({}, { securityContext });
const pod = (spec: Spec, ns = fintech, operation: "CREATE" | "UPDATE" = "CREATE") =>
    request(Pod, "", "pods", { apiVersion: "v1", kind: "Pod", metadata: { name: "p" }, spec }, ns, { operation });
const deployment = (spec: Spec, ns = fintech) =>
    request(
        Deployment,
        "apps",
        "deployments",
        { apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "d" }, spec: { selector: {}, template: { spec } } },
        ns,
    );
const cronJob = (spec: Spec, ns = fintech) =>
    request(
        CronJob,
        "batch",
        "cronjobs",
        {
            apiVersion: "batch/v1",
            kind: "CronJob",
            metadata: { name: "c" },
            spec: { schedule: "* * * * *", jobTemplate: { spec: { template: { spec } } } },
        },
        ns,
    );
const hostPath = podSpec(
    { volumes: [{ name: "root", hostPath: { path: "/" } }] },
    { volumeMounts: [{ name: "root", mountPath: "/host" }] },
);
const systemPool = { tolerations: [{ key: "CriticalAddonsOnly", operator: "Exists" }] };
const everyTaint = { tolerations: [{ operator: "Exists" }] };
/** Pod Security's weakest level admits all of the denied below: the policies hold on their own. */
const privilegedLevel = namespaceOf("fintech", {
    podSecurity: { enforce: "privileged", warn: "privileged", audit: "privileged", exceptionReason: "a vendor agent" },
});

const ALLOWED: Allowed[] = [
    ["a plain Pod", pod(podSpec())],
    ["a container port without a host port", pod(podSpec({}, { ports: [{ containerPort: 8080 }] }))],
    ["a Deployment running as its own ServiceAccount", deployment(podSpec({ serviceAccountName: "app" }))],
    ["a CronJob", cronJob(podSpec({ restartPolicy: "OnFailure" }))],
    [
        "a container adding a capability Pod Security's baseline allows",
        pod(secured({ capabilities: { add: ["NET_BIND_SERVICE"], drop: ["ALL"] } })),
    ],
    ["a container that is explicitly not privileged", pod(secured({ privileged: false }))],
    ["an emptyDir volume", pod(podSpec({ volumes: [{ name: "tmp", emptyDir: {} }] }))],
    ["a priority class of the platform's", pod(podSpec({ priorityClassName: "tenant-high" }))],
    [
        "a toleration of another taint",
        pod(podSpec({ tolerations: [{ key: "workload", operator: "Equal", value: "batch", effect: "NoSchedule" }] })),
    ],
    ["an update of a Pod the scheduler has bound to a node", pod(podSpec({ nodeName: "aks-system-0" }), fintech, "UPDATE")],
    [
        "a privileged container where the team's allowance waives privileged",
        pod(secured({ privileged: true }), waived("fintech", "privileged")),
    ],
    [
        "a SYS_ADMIN capability where privileged is waived",
        deployment(secured({ capabilities: { add: ["SYS_ADMIN"] } }), waived("fintech", "privileged")),
    ],
    ["a hostPath volume where the team's allowance waives hostPath", pod(hostPath, waived("fintech", "hostPath"))],
    [
        "system-node-critical where systemPriorityClass is waived",
        cronJob(podSpec({ priorityClassName: "system-node-critical" }), waived("fintech", "systemPriorityClass")),
    ],
    [
        "the system pool's toleration where systemPoolToleration is waived",
        pod(podSpec(systemPool), waived("fintech", "systemPoolToleration")),
    ],
];

const DENIED: Denied[] = [
    ["a Pod on the host network", pod(podSpec({ hostNetwork: true })), /host's network/],
    ["a Pod in the host's process namespace", pod(podSpec({ hostPID: true })), /host's process namespace/],
    ["a Pod in the host's IPC namespace", pod(podSpec({ hostIPC: true })), /host's IPC namespace/],
    ["a container binding a host port", pod(podSpec({}, { ports: [{ containerPort: 80, hostPort: 80 }] })), /host ports/],
    [
        "an init container binding a host port",
        pod({ ...podSpec(), initContainers: [{ name: "init", image: "i:1", ports: [{ containerPort: 53, hostPort: 53 }] }] }),
        /host ports/,
    ],
    ["a Pod running as the installer", pod(podSpec({ serviceAccountName: "helm-installer" })), /may not run as helm-installer/],
    [
        "a Pod naming the installer by the deprecated serviceAccount field",
        pod(podSpec({ serviceAccount: "helm-installer" })),
        /may not run as helm-installer/,
    ],
    ["a Deployment on the host network", deployment(podSpec({ hostNetwork: true })), /host's network/],
    [
        "a Deployment running as the installer",
        deployment(podSpec({ serviceAccountName: "helm-installer" })),
        /may not run as helm-installer/,
    ],
    ["a CronJob in the host's process namespace", cronJob(podSpec({ hostPID: true })), /host's process namespace/],
    ["a privileged container", pod(secured({ privileged: true })), /may not be privileged.*'privileged'/],
    [
        "a privileged container in a namespace at Pod Security's privileged level",
        pod(secured({ privileged: true }), privilegedLevel),
        /may not be privileged/,
    ],
    [
        "a privileged init container in a Deployment",
        deployment({ ...podSpec(), initContainers: [{ name: "i", image: "i:1", securityContext: { privileged: true } }] }),
        /may not be privileged/,
    ],
    ["a container adding SYS_ADMIN", pod(secured({ capabilities: { add: ["SYS_ADMIN"] } })), /capabilities Pod Security's baseline allows/],
    [
        "a CronJob adding ALL capabilities",
        cronJob(secured({ capabilities: { add: ["ALL"] } })),
        /capabilities Pod Security's baseline allows/,
    ],
    [
        "a Windows HostProcess pod",
        pod(podSpec({ securityContext: { windowsOptions: { hostProcess: true } }, hostNetwork: false })),
        /HostProcess/,
    ],
    ["a hostPath volume", pod(hostPath), /hostPath volumes.*'hostPath'/],
    ["a hostPath volume at Pod Security's privileged level", deployment(hostPath, privilegedLevel), /hostPath volumes/],
    ["a hostPath volume where only privileged is waived", pod(hostPath, waived("fintech", "privileged")), /hostPath volumes/],
    ["the system-node-critical priority class", pod(podSpec({ priorityClassName: "system-node-critical" })), /system-\* priority classes/],
    [
        "system-cluster-critical in a Deployment",
        deployment(podSpec({ priorityClassName: "system-cluster-critical" })),
        /system-\* priority classes/,
    ],
    ["a toleration of the system pool's taint", pod(podSpec(systemPool)), /CriticalAddonsOnly taint/],
    ["a toleration of every taint", deployment(podSpec(everyTaint)), /nor every taint/],
    ["a Pod that names its node", pod(podSpec({ nodeName: "aks-system-0" })), /name their node/],
    ["a CronJob whose template names a node", cronJob(podSpec({ nodeName: "aks-system-0" })), /name their node/],
];

describe("admission of pods, pod templates and CronJobs in tenant namespaces, at every Pod Security level", () => {
    policyTable(POD_POLICIES, ALLOWED, DENIED);
});
