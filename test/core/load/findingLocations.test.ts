import * as assert from "node:assert/strict";
import { findingLocator } from "../../../core/load/findingLocations";
import type { ReleaseSpec } from "../../../core/model/stackModel";
import { lineOf, load } from "../../helpers";
import { smallPlatform, smallStackFile, tenantFile } from "../../support/smallTree";

/** Team shop with app web (a base values file and one for dev) and app api (no values file). */
const TENANT = tenantFile("shop", ["dev"], "  api:", "    chart: web", "    versions:", "      dev: 1.0.0");
const BASE = "replicaCount: 2\nimage:\n  tag: 1.0.0\n";
const DEV = "image:\n  registry: docker.io\n";
const tree = smallPlatform({ "tenants/shop.yaml": TENANT, "tenants/shop/web/values.yaml": BASE, "tenants/shop/web/values.dev.yaml": DEV });
const model = load("dev", tree);
const locate = findingLocator(tree, model);
const release = (app: string) => model.releases.find((r) => r.app === app) as ReleaseSpec;

describe("findingLocator", () => {
    it("GIVEN the small platform THEN both apps are released, so each case below locates a real release", () => {
        assert.deepEqual(
            model.releases.map((r) => r.name),
            ["shop-web", "shop-api"],
        );
    });

    it("GIVEN a finding about a stack setting THEN it points at the setting in the environment's stack file", () => {
        assert.deepEqual(locate(release("web"), { setting: ["registry", "name"] }), {
            file: "Pulumi.dev.yaml",
            line: lineOf(smallStackFile(), "name: acrshopdev"),
            path: "helm-platform:registry.name",
        });
    });

    it("GIVEN a finding about a setting the stack file lacks THEN it points at the file's config, where to add it", () => {
        assert.deepEqual(locate(release("web"), { setting: ["charts", "keyring"] }), {
            file: "Pulumi.dev.yaml",
            line: lineOf(smallStackFile(), "config:"),
            path: "helm-platform:charts.keyring",
        });
    });

    it("GIVEN a finding about the chart version THEN it points at the app's version for the environment in the tenant file", () => {
        assert.deepEqual(locate(release("web"), { version: true }), {
            file: "tenants/shop.yaml",
            line: lineOf(TENANT, "dev: 1.0.0"),
            path: "apps.web.versions.dev",
        });
    });

    it("GIVEN a finding about a value THEN it points at the file that set it: the base file, or the environment's over it", () => {
        assert.deepEqual(locate(release("web"), { value: ["image", "tag"] }), {
            file: "tenants/shop/web/values.yaml",
            line: lineOf(BASE, "tag:"),
            path: "image.tag",
        });
        assert.deepEqual(locate(release("web"), { value: ["image", "registry"] }), {
            file: "tenants/shop/web/values.dev.yaml",
            line: lineOf(DEV, "registry:"),
            path: "image.registry",
        });
    });

    it("GIVEN a value no file set, or one the platform injects THEN it points at the app's first values file, at the nearest key there", () => {
        assert.deepEqual(locate(release("web"), { value: ["resources", "requests", "cpu"] }), {
            file: "tenants/shop/web/values.yaml",
            line: 1,
            path: "resources.requests.cpu",
        });
        assert.equal(release("web").sources["global.platform.environment"], "(platform)");
        assert.equal(locate(release("web"), { value: ["global", "platform", "environment"] }).file, "tenants/shop/web/values.yaml");
    });

    it("GIVEN an app without a values file THEN it points at the values file to create, with no line", () => {
        assert.deepEqual(locate(release("api"), { value: ["replicaCount"] }), {
            file: "tenants/shop/api/values.yaml",
            line: undefined,
            path: "replicaCount",
        });
    });
});
