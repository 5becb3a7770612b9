import { parseChartReference } from "../base/chartPaths";
import type { PlatformReleaseSpec } from "../model/monitoring";
import type { ReleaseSpec } from "../model/stackModel";
import type { YamlFile } from "../yaml/yamlFile";
import { type ChartLock, lockedDigest } from "./lock";

/**
 * The lock an environment's releases are pinned to: one with a section for the environment, read from
 * its own registry; undefined otherwise (a lock unusable there pins nothing, and the lock's check says why).
 */
export function usableLock(
    read: { readonly lock: ChartLock; readonly yaml: YamlFile } | undefined,
    environment: string,
    registry: string,
): ChartLock | undefined {
    const section = read?.lock.environments[environment];
    return section !== undefined && section.registry === registry ? read?.lock : undefined;
}

/**
 * Every release pinned to its chart version's digest in `charts.lock.yaml`, where the lock holds one.
 * Platform charts from public repositories (no `oci://` reference) cannot be pinned.
 */
export function pinToLock(
    lock: ChartLock | undefined,
    environment: string,
    releases: readonly ReleaseSpec[],
    platformReleases: readonly PlatformReleaseSpec[],
): { releases: readonly ReleaseSpec[]; platformReleases: readonly PlatformReleaseSpec[] } {
    if (lock === undefined) {
        return { releases, platformReleases };
    }
    const pinned = releases.map((r) => {
        const digest = lockedDigest(lock, environment, { owner: r.chartOwner, chart: r.chartName, version: r.version });
        return digest === undefined ? r : { ...r, digest };
    });
    const pinnedPlatform = platformReleases.map((r) => {
        const id = parseChartReference(r.chart);
        const digest = id === undefined ? undefined : lockedDigest(lock, environment, { ...id, version: r.version });
        return digest === undefined ? r : { ...r, digest };
    });
    return { releases: pinned, platformReleases: pinnedPlatform };
}
