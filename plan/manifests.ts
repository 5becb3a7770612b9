import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { chartSourceDir, parseChartReference } from "../core/base/chartPaths";
import type { SourceTree } from "../core/base/sourceTree";
import type { EnvironmentSpec } from "../core/model/environment";
import { releasePath } from "../core/model/stackModel";
import { noChartSource } from "../core/report/chartSources";
import { diffManifests, type ManifestDiff } from "../core/report/manifestDiff";
import { allReleases, chartNameOf, type Plan, type PlanRelease } from "../core/report/planTypes";
import { stringifyForHelm } from "../core/values/writeValues";
import { installedHelm } from "./helm";

/** Where charts come from, and what each cluster runs. */
export interface ChartSources {
    /** The repository (for `.tools/helm`). */
    readonly root: string;
    /** The configuration the plan was made of: chart sources under `charts/<owner>/<chart>/<version>/`. */
    readonly tree: SourceTree;
    /** A folder of packaged charts, `<chart>-<version>.tgz` (what `helm pull` writes). */
    readonly chartCache?: string;
    /** The environment's clusters: a managed one's Kubernetes version is `--kube-version`; otherwise Helm's default. */
    readonly environment?: EnvironmentSpec;
}

/** A release's manifests as `helm template` renders them, or why they were not rendered. */
export type Rendering = { readonly manifest: string } | { readonly notRendered: string };

/**
 * Renders every release whose chart is here with the plan's merged values (secrets as `[secret]`, values
 * only the cloud knows as `[unknown]`: the manifests hold no secret either), in the release's namespace,
 * for its cluster's Kubernetes version. A release without Helm or without its chart is "not rendered",
 * with the reason; rendering never fails the plan.
 */
export function renderManifests(plan: Plan, sources: ChartSources): Map<string, Rendering> {
    const helm = installedHelm(sources.root);
    const work = fs.mkdtempSync(path.join(os.tmpdir(), "manifests-"));
    const charts = new Map<string, string | undefined>();
    const rendered = new Map<string, Rendering>();
    try {
        for (const r of allReleases(plan)) {
            const chart = `${r.chart}@${r.version}`;
            if (!charts.has(chart)) {
                charts.set(chart, locateChart(r, sources, work));
            }
            const location = charts.get(chart);
            if (!helm) {
                rendered.set(releasePath(r), { notRendered: "no Helm on this machine (npm run tools installs it)" });
            } else if (!location) {
                rendered.set(releasePath(r), { notRendered: noChartSource(r) });
            } else {
                rendered.set(releasePath(r), template(helm, r, location, kubeVersionOf(sources.environment, r.cluster), work));
            }
        }
    } finally {
        fs.rmSync(work, { recursive: true, force: true });
    }
    return rendered;
}

function kubeVersionOf(environment: EnvironmentSpec | undefined, cluster: string): string | undefined {
    const spec = environment?.clusters.find((c) => c.name === cluster);
    return spec?.kind === "managed" ? spec.kubernetesVersion : undefined;
}

/**
 * A chart source in the configuration (`charts/<owner>/<chart>/<version>/`, copied out, so a git ref's
 * works too), else a package in the cache (`<chart>-<version>.tgz`, what `helm pull` writes).
 */
function locateChart(r: PlanRelease, sources: ChartSources, work: string): string | undefined {
    const name = chartNameOf(r);
    const id = parseChartReference(r.chart);
    const dir = id ? chartSourceDir(id, r.version) : undefined;
    if (dir && sources.tree.read(`${dir}/Chart.yaml`) !== undefined) {
        const target = path.join(work, dir);
        copyTree(sources.tree, dir, target);
        return target;
    }
    const packaged = sources.chartCache ? path.join(sources.chartCache, `${name}-${r.version}.tgz`) : undefined;
    return packaged && fs.existsSync(packaged) ? packaged : undefined;
}

function copyTree(tree: SourceTree, from: string, to: string): void {
    fs.mkdirSync(to, { recursive: true });
    for (const name of tree.list(from)) {
        const entry = `${from}/${name}`;
        if (tree.isDirectory(entry)) {
            copyTree(tree, entry, path.join(to, name));
        } else {
            fs.writeFileSync(path.join(to, name), tree.read(entry) ?? "");
        }
    }
}

function template(helm: string, r: PlanRelease, chart: string, kubeVersion: string | undefined, work: string): Rendering {
    const values = path.join(work, `${r.cluster}-${r.namespace}-${r.name}.yaml`);
    fs.writeFileSync(values, stringifyForHelm(r.values));
    const args = [
        "template",
        r.name,
        chart,
        "--namespace",
        r.namespace,
        "-f",
        values,
        ...(kubeVersion ? ["--kube-version", kubeVersion] : []),
    ];
    const result = spawnSync(helm, args, { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
    if (result.status !== 0) {
        return { notRendered: `helm template failed: ${(result.stderr || String(result.error)).trim().split("\n")[0]}` };
    }
    return { manifest: result.stdout };
}

/** What plan.json records of each release's rendering. */
export function manifestStatus(rendered: ReadonlyMap<string, Rendering>): Record<string, string> {
    return Object.fromEntries([...rendered].map(([key, r]) => [key, "manifest" in r ? "rendered" : `not rendered: ${r.notRendered}`]));
}

/** A plan's rendered manifest of a release (`<cluster>/<namespace>/<release>`), if there is one. */
export type ManifestOf = (release: string) => string | undefined;

export const manifestsFrom =
    (rendered: ReadonlyMap<string, Rendering>): ManifestOf =>
    (release) => {
        const r = rendered.get(release);
        return r && "manifest" in r ? r.manifest : undefined;
    };

/** Manifests written by an earlier plan into `<dir>/<cluster>/<namespace>/<release>.yaml`. */
export const manifestsIn =
    (dir: string): ManifestOf =>
    (release) => {
        const file = path.join(dir, `${release}.yaml`);
        return fs.existsSync(file) ? fs.readFileSync(file, "utf8") : undefined;
    };

/** The releases of `after` rendered on both sides whose objects differ, object by object. */
export function manifestChanges(before: ManifestOf, after: Plan, afterManifest: ManifestOf): ManifestDiff[] {
    return allReleases(after).flatMap((r) => {
        const key = releasePath(r);
        const [old, now] = [before(key), afterManifest(key)];
        if (old === undefined || now === undefined) {
            return [];
        }
        const diff = diffManifests(key, r.namespace, old, now);
        return diff.objects.length > 0 ? [diff] : [];
    });
}
