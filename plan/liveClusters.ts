import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { toNonInteractiveKubeconfig } from "../core/azure/kubeconfig";
import { aksName } from "../core/azure/names";
import type { EnvironmentSpec } from "../core/model/environment";
import type { LiveCluster, LiveRelease } from "../core/report/liveDrift";
import type { Values } from "../core/values/merge";

/** How to run a command: the real one, or a stand-in a test gives. */
export type Runner = (command: string, args: readonly string[]) => { status: number | null; stdout: string; stderr: string };

export const run: Runner = (command, args) => {
    const result = spawnSync(command, [...args], { encoding: "utf8", maxBuffer: 256 * 1024 * 1024 });
    if ((result.error as NodeJS.ErrnoException | undefined)?.code === "ENOENT") {
        return { status: null, stdout: "", stderr: notInstalled(command) };
    }
    return { status: result.status, stdout: result.stdout ?? "", stderr: result.stderr || String(result.error ?? "") };
};

/** What a command that is not on the PATH means here, and where to read how to install it. */
export const notInstalled = (command: string) =>
    `${path.basename(command)} is not installed on this machine (not on the PATH): npm run doctor says how to install it`;

/** How Helm reaches one cluster (its `--kubeconfig` or `--kube-context` arguments), or why it cannot. */
export type ClusterAccess =
    | { readonly cluster: string; readonly args: readonly string[] }
    | { readonly cluster: string; readonly error: string };

/**
 * Every cluster of the environment, reachable through the kubeconfig the program itself uses: an AKS
 * cluster's user credentials (`az aks get-credentials`, as `listManagedClusterUserCredentials` gives the
 * program) made non-interactive for the stack's kubelogin mode; a `kubeconfigContext` cluster through the
 * ambient kubeconfig and that context. The kubeconfigs (files only this user can read) exist while `use`
 * runs, and are removed after.
 */
export function withClusterAccess<T>(environment: EnvironmentSpec, use: (clusters: ClusterAccess[]) => T, exec: Runner = run): T {
    const work = fs.mkdtempSync(path.join(os.tmpdir(), "live-"));
    try {
        return use(
            environment.clusters.map((cluster): ClusterAccess => {
                const access = accessTo(environment, cluster.name, work, exec);
                return "error" in access ? { cluster: cluster.name, error: access.error } : { cluster: cluster.name, args: access.args };
            }),
        );
    } finally {
        fs.rmSync(work, { recursive: true, force: true });
    }
}

/** Every cluster of the environment read with Helm (`helm list`, `helm get values`); a cluster that cannot be read is `unreachable`. */
export function withLiveClusters<T>(
    environment: EnvironmentSpec,
    helm: string,
    use: (clusters: LiveCluster[]) => T,
    exec: Runner = run,
): T {
    return withClusterAccess(
        environment,
        (clusters) =>
            use(clusters.map((c) => ("error" in c ? { cluster: c.cluster, error: c.error } : readCluster(c.cluster, helm, c.args, exec)))),
        exec,
    );
}

function accessTo(environment: EnvironmentSpec, name: string, work: string, exec: Runner): { args: string[] } | { error: string } {
    const cluster = environment.clusters.find((c) => c.name === name);
    if (cluster?.kind === "existing" && cluster.kubeconfigContext) {
        return { args: ["--kube-context", cluster.kubeconfigContext] };
    }
    const aks =
        cluster?.kind === "existing"
            ? cluster.aks
            : { name: aksName(environment.name, name), resourceGroupName: environment.resourceGroupName };
    if (!aks) {
        return { error: "no way to reach it" };
    }
    const credentials = exec("az", [
        "aks",
        "get-credentials",
        "--resource-group",
        aks.resourceGroupName,
        "--name",
        aks.name,
        "--file",
        "-",
    ]);
    if (credentials.status !== 0) {
        return { error: `az aks get-credentials: ${credentials.stderr.trim().split("\n")[0]}` };
    }
    const file = path.join(work, `${name}.kubeconfig`);
    fs.writeFileSync(file, toNonInteractiveKubeconfig(credentials.stdout, environment.kubeloginMode), { mode: 0o600 });
    return { args: ["--kubeconfig", file] };
}

function readCluster(cluster: string, helm: string, access: readonly string[], exec: Runner): LiveCluster {
    const list = exec(helm, ["list", "--all-namespaces", "--all", "--output", "json", ...access]);
    if (list.status !== 0) {
        return { cluster, error: `helm list: ${list.stderr.trim().split("\n")[0]}` };
    }
    const releases = JSON.parse(list.stdout || "[]") as LiveRelease[];
    return {
        cluster,
        releases,
        values: (namespace, release) => {
            const got = exec(helm, ["get", "values", release, "--namespace", namespace, "--output", "json", ...access]);
            return got.status === 0 ? ((JSON.parse(got.stdout || "null") ?? {}) as Values) : undefined;
        },
    };
}

/**
 * Clusters as recorded Helm outputs: `<dir>/<cluster>/list.json` (`helm list -A -a -o json`) and
 * `<dir>/<cluster>/values/<namespace>/<release>.json` (`helm get values -o json`); a cluster without a
 * folder is unreachable. For reviewing a capture offline, and for the tests.
 */
export function recordedClusters(dir: string, clusters: readonly string[]): LiveCluster[] {
    return clusters.map((cluster) => {
        const list = path.join(dir, cluster, "list.json");
        if (!fs.existsSync(list)) {
            return { cluster, error: `no recording in ${path.join(dir, cluster)}` };
        }
        return {
            cluster,
            releases: JSON.parse(fs.readFileSync(list, "utf8")) as LiveRelease[],
            values: (namespace, release) => {
                const file = path.join(dir, cluster, "values", namespace, `${release}.json`);
                return fs.existsSync(file) ? ((JSON.parse(fs.readFileSync(file, "utf8")) ?? {}) as Values) : undefined;
            },
        };
    });
}
