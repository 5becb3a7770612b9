/**
 * Where the platform's configuration lives in the repository. Teams are onboarded by adding files
 * here, never by editing code.
 */
export const LAYOUT = {
    /** One YAML file per team: `tenants/<team>.yaml`. */
    tenantsDir: "tenants",
    /** Platform-wide values: `values/common.yaml`, then `values/<environment>.yaml`. */
    platformValuesDir: "values",
    stackFile: (stack: string) => `Pulumi.${stack}.yaml`,
    appDir: (team: string, app: string) => `tenants/${team}/${app}`,
} as const;

/** `values.yaml`, `values.<env>.yaml` or `values.<env>.<cluster>.yaml` inside an app's folder. */
export const APP_VALUES_FILE = /^values(?:\.([a-z0-9-]+))?(?:\.([a-z0-9-]+))?\.yaml$/;
