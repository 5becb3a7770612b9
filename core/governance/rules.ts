import * as semver from "semver";
import { formatKeyPath, type KeyPath } from "../base/keyPath";
import type { Location } from "../base/problems";
import type { AllowanceEntry } from "../model/allowances";
import type { EnvironmentSpec } from "../model/environment";
import type { RuleId } from "../model/governance";
import type { ReleaseSpec, TeamSpec } from "../model/stackModel";
import { isMap, type Values } from "../values/merge";

/**
 * What a release finding is about, which {@link evaluateGovernance} turns into a file, a line and a key:
 * a key of the release's values (in the file that set it, or the app's values file when none did), the
 * release's chart version in its tenant file, or a stack setting.
 */
export type Anchor = { readonly value: KeyPath } | { readonly version: true } | { readonly setting: KeyPath };

/** Why something breaks a rule, and how to comply. */
export interface Verdict<At> {
    readonly message: string;
    readonly fix: string;
    readonly at: At;
}

/** A verdict on a release; `level: "warning"` for one that never stops a deployment, whatever the governance level. */
export type ReleaseVerdict = Verdict<Anchor> & { readonly level?: "warning" };

/** A rule judges releases, tenants or allowances; `check` says why one breaks it, or undefined when it complies. */
export type Rule = {
    readonly id: RuleId;
    /** What the rule asks for, as the docs and reports state it. */
    readonly description: string;
} & (
    | {
          readonly scope: "release";
          /** `level: "warning"` for a finding that never stops a deployment, whatever the governance level. */
          /** One verdict, or one per thing wrong (each at its own key). */
          check(release: ReleaseSpec, environment: EnvironmentSpec): ReleaseVerdict | readonly ReleaseVerdict[] | undefined;
      }
    | { readonly scope: "tenant"; check(tenant: TeamSpec, environment: EnvironmentSpec): Verdict<Location> | undefined }
    | {
          readonly scope: "allowance";
          /** `level: "warning"` for a notice ahead of time, whatever the governance level. */
          check(
              entry: AllowanceEntry,
              team: string,
              environment: EnvironmentSpec,
              today: string,
          ): (Verdict<Location> & { readonly level?: "warning" }) | undefined;
      }
);

/** Days before its expiry from which an allowance is announced as a warning. */
export const EXPIRY_NOTICE_DAYS = 30;

/** Whole days from `from` to `to`, both `YYYY-MM-DD` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
    return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

const map = (v: unknown): Values | undefined => (isMap(v) ? v : undefined);

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
                : {
                      message: "the chart's provenance is not verified: no keyring is configured",
                      fix: "set helm-platform:charts.keyring to the chart signers' public keyring, for example keys/charts.pubring.gpg",
                      at: { setting: ["charts", "keyring"] },
                  },
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
            const fix = `set image.registry: ${env.registry.loginServer} and mirror the image there`;
            if (!host) {
                return { message: "no image registry is set, so the chart's default applies", fix, at: { value: ["image", "registry"] } };
            }
            return host.toLowerCase() === env.registry.loginServer
                ? undefined
                : {
                      message: `image registry "${host}" is not the platform registry ${env.registry.loginServer}`,
                      fix,
                      at: { value: ["image", registry ? "registry" : "repository"] },
                  };
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
            const verdict = (message: string) => ({
                message,
                fix: "pin an immutable tag: the image's version, or @sha256:<digest>",
                at: { value: ["image", "tag"] },
            });
            if (tag === undefined || tag === null || tag === "") {
                return verdict("image.tag is not set");
            }
            return tag === "latest" ? verdict('image.tag is "latest"') : undefined;
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
            const keys = missing.map((k) => `resources.${k}`).join(", ");
            return missing.length
                ? {
                      message: `${keys} not set`,
                      fix: `set ${keys} (what one pod needs, for example cpu: 100m, memory: 256Mi)`,
                      at: { value: ["resources", ...(missing[0] as string).split(".")] },
                  }
                : undefined;
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
                : {
                      message: `replicaCount is ${replicas ?? "not set"} and there is no autoscaler`,
                      fix: "set replicaCount: 2 or more, or autoscaling.enabled: true",
                      at: { value: ["replicaCount"] },
                  };
        },
    },
    {
        id: "promotion-gate",
        scope: "release",
        description: "a version reaches an environment only after the environment it is promoted from runs it (or newer)",
        check: (r, env) => {
            const p = r.promotion;
            const from = env.promotionFrom;
            if (!from || p.exemption) {
                return undefined;
            }
            const exemption = `or, for a hotfix, ask the platform team for promotionExemptions: [${r.app}] in allowances/${r.team}.yaml`;
            if (p.fromVersion === undefined) {
                return {
                    message: `${r.app} is not deployed in ${from}, which ${env.name} is promoted from`,
                    fix: `deploy it in ${from} first (apps.${r.app}.versions.${from}), ${exemption}`,
                    at: { version: true },
                };
            }
            const ahead =
                semver.valid(r.version) && semver.valid(p.fromVersion) ? semver.gt(r.version, p.fromVersion) : r.version !== p.fromVersion;
            return ahead
                ? {
                      message: `version ${r.version} is not yet in ${from} (which runs ${p.fromVersion})`,
                      fix: `run ${r.version} in ${from} first (npm run promote -- --release ${r.name} --to ${from} takes it there), then npm run promote -- --release ${r.name} --to ${env.name}; ${exemption}`,
                      at: { version: true },
                  }
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
                    message: `the allowance for team ${team} (${entry.reason}; approved by ${entry.approvedBy}) expired on ${entry.expires}`,
                    fix: "renew it with a new expires and approval, or remove it and what the team asks for with it",
                    at: entry.at,
                };
            }
            return left <= EXPIRY_NOTICE_DAYS
                ? {
                      message: `the allowance for team ${team} (${entry.reason}) expires on ${entry.expires}, in ${left} day${left === 1 ? "" : "s"}`,
                      fix: "renew it in time: a new expires, with a new approval",
                      at: entry.at,
                      level: "warning",
                  }
                : undefined;
        },
    },
    {
        id: "values-keys-known",
        scope: "release",
        description: "every key a values file sets is one the chart knows (its values.yaml or its schema); a warning, never an error",
        check: (r) =>
            (r.unknownKeys ?? []).map((k) => ({
                message: `${k.key}: chart ${r.chartName} ${r.version} has no such key in its values.yaml or schema, so it does nothing`,
                fix: k.nearest
                    ? `did you mean ${formatKeyPath([...k.path.slice(0, -1), k.nearest])}?`
                    : "remove it, or pin a chart version that reads it",
                at: { value: k.path },
                level: "warning" as const,
            })),
    },
];
