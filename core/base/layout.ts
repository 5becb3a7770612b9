/**
 * Where the platform's configuration lives in the repository. Teams are onboarded by adding files
 * here, never by editing code.
 */
export const LAYOUT = {
    /** One YAML file per team: `tenants/<team>.yaml`. */
    tenantsDir: "tenants",
    /** What the platform allows each team beyond its defaults: `allowances/<team>.yaml`, owned by the platform team. */
    allowancesDir: "allowances",
    allowancesFile: (team: string) => `allowances/${team}.yaml`,
    /** Platform-wide values: `values/common.yaml`, then `values/<environment>.yaml`. */
    platformValuesDir: "values",
    /** Chart sources the plan renders, validates values against and publishes: `charts/<owner>/<chart>/<version>/` (see chartPaths.ts). */
    chartsDir: "charts",
    /** The digest of every chart version each environment installs, written by `npm run lock`. */
    chartLockFile: "charts.lock.yaml",
    stackFile: (stack: string) => `Pulumi.${stack}.yaml`,
    appDir: (team: string, app: string) => `tenants/${team}/${app}`,
} as const;

/** `values.yaml`, `values.<env>.yaml` or `values.<env>.<cluster>.yaml` inside an app's folder. */
export const APP_VALUES_FILE = /^values(?:\.([a-z0-9-]+))?(?:\.([a-z0-9-]+))?\.yaml$/;
