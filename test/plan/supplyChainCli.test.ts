import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { StackModel } from "../../core/model/stackModel";
import {
    bootstrapping,
    Command,
    clientFor,
    endpointOption,
    loadEnvironment,
    parse,
    REGISTRY_ENDPOINT_VARIABLE,
    type SupplyChainContext,
} from "../../plan/supplyChainCli";
import { lineOf, ROOT } from "../helpers";
import { smallPlatform, smallStackFile, treeOf } from "../support/smallPlatform";

/** A supply-chain command's context on a tree of `files`, and what it printed. */
function contextOf(files: Record<string, string> = smallPlatform(), more: Partial<SupplyChainContext> = {}) {
    const printed = { stdout: "", stderr: "" };
    const context: SupplyChainContext = {
        root: ROOT,
        tree: treeOf(files),
        stdout: (t) => {
            printed.stdout += t;
        },
        stderr: (t) => {
            printed.stderr += t;
        },
        ...more,
    };
    return { context, printed };
}

/** Runs `work` with `variables` set in this process's environment (and others unset), then puts it back. */
function withEnvironment<T>(variables: Readonly<Record<string, string | undefined>>, work: () => T): T {
    const saved = Object.fromEntries(Object.keys(variables).map((name) => [name, process.env[name]]));
    const set = (values: Readonly<Record<string, string | undefined>>) => {
        for (const [name, value] of Object.entries(values)) {
            if (value === undefined) {
                delete process.env[name];
            } else {
                process.env[name] = value;
            }
        }
    };
    set(variables);
    try {
        return work();
    } finally {
        set(saved);
    }
}

const withEndpoint = () => new Command("demo").addOption(endpointOption());

describe("what the supply-chain commands share (plan/supplyChainCli.ts)", () => {
    describe("parse and --registry-endpoint", () => {
        it("GIVEN --help THEN the usage goes to the command's stdout, with the endpoint's variable, and the exit code is 0", () => {
            const { context, printed } = contextOf();
            assert.equal(parse(withEndpoint(), ["--help"], context), 0);
            assert.match(printed.stdout, /--registry-endpoint <host> +talk to the registry at this address/);
            assert.match(printed.stdout, /\(env:\s+HELM_PLATFORM_REGISTRY_ENDPOINT\)/, "commander wraps the help text");
        });

        it("GIVEN an unknown option THEN commander's message goes to the command's stderr, and the exit code is 2", () => {
            const { context, printed } = contextOf();
            assert.equal(parse(withEndpoint(), ["--registry-endpont", "x"], context), 2);
            assert.equal(printed.stderr, "error: unknown option '--registry-endpont'\n(Did you mean --registry-endpoint?)\n");
        });

        const endpoints: readonly [what: string, argv: string[], variable: string | undefined, endpoint: string | undefined][] = [
            ["neither the option nor the variable", [], undefined, undefined],
            ["the variable", [], "mirror.example:5000", "mirror.example:5000"],
            ["the option", ["--registry-endpoint", "127.0.0.1:5000"], undefined, "127.0.0.1:5000"],
            ["both", ["--registry-endpoint", "127.0.0.1:5000"], "mirror.example:5000", "127.0.0.1:5000"],
        ];
        for (const [what, argv, variable, endpoint] of endpoints) {
            it(`GIVEN ${what} THEN the endpoint is ${endpoint ?? "none (the environment's registry)"}`, () => {
                const { context } = contextOf();
                const options = withEnvironment({ [REGISTRY_ENDPOINT_VARIABLE]: variable }, () =>
                    parse<{ registryEndpoint?: string }>(withEndpoint(), argv, context),
                );
                assert.deepEqual(options, endpoint === undefined ? {} : { registryEndpoint: endpoint });
            });
        }
    });

    describe("loadEnvironment", () => {
        it("GIVEN an environment that loads THEN its model, all stacks together", () => {
            const model = loadEnvironment(contextOf().context, "shop");
            assert.equal(typeof model === "string" ? model : model.environment.registry.loginServer, "acrshopdev.azurecr.io");
        });

        it("GIVEN configuration problems THEN every one, with file, line and key path, under the environment's name", () => {
            const broken = smallStackFile()
                .replace("name: acrshopdev", "name: acr_shop")
                .replace("location: westeurope\n", "location: 42\n");
            assert.equal(
                loadEnvironment(contextOf(smallPlatform(broken)).context, "shop"),
                [
                    "shop has configuration problems:",
                    `  - Pulumi.shop.yaml:${lineOf(broken, "location: 42")}: helm-platform:location: must be an Azure region name such as westeurope (got "42") Fix: make it an Azure region name such as westeurope`,
                    `  - Pulumi.shop.yaml:${lineOf(broken, "acr_shop")}: helm-platform:registry.name: must be 5-50 letters and digits (ACR names are global) (got "acr_shop") Fix: make it 5-50 letters and digits (ACR names are global)`,
                ].join("\n"),
            );
        });
    });

    describe("bootstrapping and clientFor", () => {
        let model: StackModel;
        before(() => {
            const loaded = loadEnvironment(contextOf().context, "shop");
            assert.ok(typeof loaded !== "string", String(loaded));
            model = loaded;
        });

        it("GIVEN an environment that is not bootstrapping THEN nothing stands in the way", () => {
            assert.equal(bootstrapping(model, "npm run lock"), undefined);
        });

        it("GIVEN a bootstrapping environment THEN why it has nothing yet, and what to run after its first up", () => {
            const first = { ...model, environment: { ...model.environment, bootstrap: true } };
            assert.equal(
                bootstrapping(first, "npm run lock"),
                "shop is bootstrapping (helm-platform:bootstrap: true in Pulumi.shop.yaml), so it installs no chart yet: after its first up, " +
                    "pulumi config rm helm-platform:bootstrap --stack shop, then npm run lock -- --stack shop (docs/first-deployment.md)",
            );
        });

        it("GIVEN the context's Helm and no endpoint THEN Helm talks to the environment's registry, in the context's environment", () => {
            const env = { HELM_REGISTRY_CONFIG: "/tmp/registry.json" };
            const { context } = contextOf(smallPlatform(), { helm: "/opt/helm", env });
            assert.deepEqual(clientFor(context, model, undefined), { helm: "/opt/helm", endpoint: "acrshopdev.azurecr.io", env });
        });

        it("GIVEN an endpoint THEN Helm talks to it instead", () => {
            const { context } = contextOf(smallPlatform(), { helm: "/opt/helm" });
            assert.deepEqual(clientFor(context, model, "127.0.0.1:5000"), {
                helm: "/opt/helm",
                endpoint: "127.0.0.1:5000",
                env: undefined,
            });
        });

        it("GIVEN no Helm given, on the PATH or in .tools THEN it says how to install one", () => {
            const nowhere = fs.mkdtempSync(path.join(os.tmpdir(), "no-helm-"));
            try {
                const { context } = contextOf(smallPlatform(), { root: nowhere });
                const client = withEnvironment({ PATH: nowhere }, () => clientFor(context, model, undefined));
                assert.equal(client, "no Helm on this machine: npm run tools installs it");
            } finally {
                fs.rmSync(nowhere, { recursive: true, force: true });
            }
        });
    });
});
