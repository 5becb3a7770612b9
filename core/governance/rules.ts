import * as semver from "semver";
import type { Location } from "../base/problems";
import type { AllowanceEntry } from "../model/allowances";
import type { EnvironmentSpec } from "../model/environment";
import type { RuleId } from "../model/governance";
import type { ReleaseSpec, TenantSpec } from "../model/platform";
import { isMap, type Values } from "../values/merge";

/** A rule judges releases, tenants or allowances; `check` says why one breaks it, or undefined when it complies. */
export type Rule = {
    readonly id: RuleId /** What the rule asks for, as the README and reports state it. */;
    readonly description: string;
} & (
    | { readonly scope: "release"; check(release: ReleaseSpec, environment: EnvironmentSpec): string | undefined }
    | {
          readonly scope: "tenant";
          check(tenant: TenantSpec, environment: EnvironmentSpec): { readonly message: string; readonly at?: Location } | undefined;
      }
    | {
          readonly scope: "allowance";
          /** `level: "warning"` for a notice ahead of time, whatever the governance level. */
          check(
              entry: AllowanceEntry,
              team: string,
              environment: EnvironmentSpec,
              today: string,
          ): { readonly message: string; readonly level?: "warning" } | undefined;
      }
);

/** Days before its expiry from which an allowance is announced as a warning. */
export const EXPIRY_NOTICE_DAYS = 30;

/** Whole days from `from` to `to`, both `YYYY-MM-DD` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
    return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

const map = (v: unknown): Values | undefined => (isMap(v) ? v : undefined);
const from = (r: ReleaseSpec, key: string) => (r.sources[key] ? ` (set in ${r.sources[key]})` : "");

/** The registry host of an image reference such as `myacr.azurecr.io/team/app`, if it names one. */
function hostOf(repository: string): string | undefined {
    const first = repository.split("/")[0];
    return repository.includes("/") && (first.includes(".") || first.includes(":") || first === "localhost") ? first : undefined;
}

/**
 * The rules. Image rules read the conventional `image.registry`, `image.repository` and `image.tag`
 * keys; a release without an `image` map (an umbrella chart, say) is not judged by them.
 */
export const RULES: readonly Rule[] = [
    {
        id: "chart-provenance",
        scope: "release",
        description: "charts are verified against their signature (provenance) before install",
        check: (_r, env) =>
            env.charts.keyring
                ? undefined
                : "the chart's provenance is not verified: no keyring is configured (helm-platform:charts.keyring)",
    },
    {
        id: "image-from-platform-registry",
        scope: "release",
        description: "images come from the environment's registry (image.registry or the host in image.repository)",
        check: (r, env) => {
            const image = map(r.values["image"]);
            if (!image) {
                return undefined;
            }
            const registry = typeof image["registry"] === "string" ? image["registry"] : undefined;
            const host = registry ?? (typeof image["repository"] === "string" ? hostOf(image["repository"]) : undefined);
            if (!host) {
                return `no image registry is set, so the chart's default applies; set image.registry: ${env.registry.loginServer}`;
            }
            const key = registry ? "image.registry" : "image.repository";
            return host.toLowerCase() === env.registry.loginServer
                ? undefined
                : `image registry "${host}"${from(r, key)} is not the platform registry ${env.registry.loginServer}`;
        },
    },
    {
        id: "image-tag-pinned",
        scope: "release",
        description: "image tags are set and never `latest`",
        check: (r) => {
            const image = map(r.values["image"]);
            if (!image) {
                return undefined;
            }
            const tag = image["tag"];
            if (tag === undefined || tag === null || tag === "") {
                return "image.tag is not set; pin an immutable tag";
            }
            return tag === "latest" ? `image.tag is "latest"${from(r, "image.tag")}; pin an immutable tag` : undefined;
        },
    },
    {
        id: "resources-set",
        scope: "release",
        description: "CPU and memory requests and a memory limit are set (a CPU limit is optional: it throttles)",
        check: (r) => {
            const resources = map(r.values["resources"]);
            const missing = ["requests.cpu", "requests.memory", "limits.memory"].filter((k) => {
                const [group, name] = k.split(".");
                const value = map(resources?.[group])?.[name];
                return value === undefined || value === null || value === "";
            });
            return missing.length ? `resources.${missing.join(", resources.")} not set` : undefined;
        },
    },
    {
        id: "replicas-or-autoscaler",
        scope: "release",
        description: "at least two replicas (replicaCount) or an autoscaler (autoscaling.enabled)",
        check: (r) => {
            const replicas = r.values["replicaCount"];
            const autoscaled = map(r.values["autoscaling"])?.["enabled"] === true;
            return autoscaled || (typeof replicas === "number" && replicas >= 2)
                ? undefined
                : `replicaCount is ${replicas ?? "not set"}${from(r, "replicaCount")} and there is no autoscaler`;
        },
    },
    {
        id: "promotion-gate",
        scope: "release",
        description: "a version reaches an environment only after the environment it is promoted from runs it (or newer)",
        check: (r, env) => {
            const p = r.promotion;
            if (!env.promotionFrom || p.exemption) {
                return undefined;
            }
            if (p.fromVersion === undefined) {
                return `${r.app} is not deployed in ${env.promotionFrom}, which ${env.name} is promoted from`;
            }
            const ahead =
                semver.valid(r.version) && semver.valid(p.fromVersion) ? semver.gt(r.version, p.fromVersion) : r.version !== p.fromVersion;
            return ahead
                ? `version ${r.version} is not yet in ${env.promotionFrom} (which runs ${p.fromVersion}); promote through ${env.promotionFrom} first`
                : undefined;
        },
    },
    {
        id: "allowance-expiry",
        scope: "allowance",
        description: "every allowance holds until the day it names; an expired one is renewed or removed",
        check: (entry, team, _env, today) => {
            const left = daysBetween(today, entry.expires);
            if (left < 0) {
                return {
                    message: `the allowance for team ${team} (${entry.reason}; approved by ${entry.approvedBy}) expired on ${entry.expires}: renew it with a new expires and approval, or remove it and what the team asks for with it`,
                };
            }
            return left <= EXPIRY_NOTICE_DAYS
                ? {
                      message: `the allowance for team ${team} (${entry.reason}) expires on ${entry.expires}, in ${left} day${left === 1 ? "" : "s"}; renew it in time`,
                      level: "warning",
                  }
                : undefined;
        },
    },
];
