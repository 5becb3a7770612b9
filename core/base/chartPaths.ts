/**
 * Where a chart lives: in the registry (`oci://<registry>/helm-charts/<owner>/<chart>`) and in this
 * repository (`charts/<owner>/<chart>/<version>/`). The one owner of these paths: releases, the lock,
 * publishing, mirroring, the registry's publishing rights and the workflows all build them here.
 * The owner is a team, or `platform` for the charts the platform mirrors (no team may be called that).
 */
import { CHART_REPOSITORY_PATH, PLATFORM_SECRET_OWNER } from "./constants";
import { LAYOUT } from "./layout";

/** Owner of the platform's own (mirrored) charts: `helm-charts/platform/<chart>`. */
export const PLATFORM_CHART_OWNER = PLATFORM_SECRET_OWNER;

/** A chart of one owner, as the lock and `<team>/<chart>` references name it. */
export interface ChartId {
    readonly owner: string;
    readonly chart: string;
}

/** The chart an app of `team` names: its own (`<chart>`), or another team's (`<team>/<chart>`). */
export function chartOf(team: string, chart: string): ChartId {
    const [owner, name] = chart.includes("/") ? chart.split("/") : [team, chart];
    return { owner: owner as string, chart: name as string };
}

/** `<owner>/<chart>`: how a tenant file names another team's chart, and the lock's key. */
export const chartKey = (id: ChartId): string => `${id.owner}/${id.chart}`;

/** `helm-charts/<owner>/`: the prefix of every repository an owner may publish to (the ABAC condition's). */
export const ownerRepositoryPrefix = (owner: string): string => `${CHART_REPOSITORY_PATH}/${owner}/`;

/** `helm-charts/<owner>/<chart>`: the OCI repository inside the registry (`az acr repository` names it so). */
export const chartRepository = (id: ChartId): string => `${ownerRepositoryPrefix(id.owner)}${id.chart}`;

/** `oci://<registry>/helm-charts`: the root every platform chart lives under. */
export const chartRoot = (registry: string): string => `oci://${registry}/${CHART_REPOSITORY_PATH}`;

/** `oci://<registry>/helm-charts/<owner>`: where `helm push` sends an owner's packages. */
export const pushTarget = (registry: string, owner: string): string => `${chartRoot(registry)}/${owner}`;

/** `oci://<registry>/helm-charts/<owner>/<chart>`: what a release installs (with its version, or `@<digest>`). */
export const chartReference = (registry: string, id: ChartId): string => `oci://${registry}/${chartRepository(id)}`;

/** The chart of an `oci://<registry>/helm-charts/<owner>/<chart>` reference, or undefined for anything else. */
export function parseChartReference(reference: string): (ChartId & { readonly registry: string }) | undefined {
    const match = /^oci:\/\/([^/]+)\/([^/]+)\/([^/]+)\/([^/@:]+)$/.exec(reference);
    if (!match || match[2] !== CHART_REPOSITORY_PATH) {
        return undefined;
    }
    return { registry: match[1] as string, owner: match[3] as string, chart: match[4] as string };
}

/** `charts/<owner>/<chart>/<version>`: a chart version's source, laid out as the registry is. */
export const chartSourceDir = (id: ChartId, version: string): string => `${LAYOUT.chartsDir}/${id.owner}/${id.chart}/${version}`;
