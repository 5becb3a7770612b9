import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import fc from "fast-check";
import { coalesceWithChart, mergeValues, type Values } from "../../../core/values/merge";
import { mapSecretRefs, secretOwnerAndName } from "../../../core/values/secrets";
import { stringifyForHelm } from "../../../core/values/writeValues";
import { parseYamlFile } from "../../../core/yaml/yamlFile";
import { helmBinary, helmVersion } from "../../../scripts/tools";
import { loadEnvironment, ROOT } from "../../helpers";
import { helmValues, writeLayers } from "../../support/helm";
import { valuesLayers } from "../../support/yamlCorpus";

/** What the platform makes of values files: each read as Helm reads it, then merged as `-f` files are. */
function platformValues(texts: readonly string[]): Values {
    const layers = texts.map((text, i) => {
        const parsed = parseYamlFile(`layer-${i}.yaml`, text, "helm");
        assert.ok(parsed.ok, parsed.ok ? "" : `${parsed.problems.map((p) => `${p.line}: ${p.message}`).join("\n")}\n${text}`);
        return { source: `layer-${i}.yaml`, values: (parsed.yaml.data ?? {}) as Values };
    });
    return mergeValues(layers).values;
}

/** A secret reference as Helm reads `!secret <name>`: it ignores the tag and keeps the text. */
const asHelmReadsSecrets = (values: Values) => mapSecretRefs(values, (q) => secretOwnerAndName(q).name) as Values;

/**
 * Each generated case asks Helm: a fixed seed keeps CI's corpus the same from run to run (set FC_SEED to
 * explore another), and a mismatch is reported as found, with its case, instead of shrunk through
 * hundreds more Helm runs.
 */
const PROPERTY_RUNS = { seed: Number(process.env["FC_SEED"] ?? 20261202), endOnFailure: true };

describe(`values exactly as the real Helm reads them`, function () {
    // Each case runs Helm dozens of times: on a busy machine that takes longer than mocha's default.
    this.timeout(120_000);
    before(async () => {
        const helm = await helmBinary();
        // Printed so every test run says which Helm it compared with.
        console.log(`      (compared with Helm ${helmVersion(helm)})`);
    });

    for (const stack of ["dev", "uat", "prod"]) {
        it(`${stack}: every release's merged values equal Helm's for the same -f files`, async () => {
            // Every stack of the environment: prod's releases are in its shards.
            const model = loadEnvironment(stack);
            assert.ok(model.releases.length > 0);
            for (const release of model.releases) {
                const injected = writeLayers([stringifyForHelm({ global: (release.values as { global: Values }).global })])[0];
                const files = [injected, ...release.valueFiles.map((f) => path.join(ROOT, f))];
                const ours = asHelmReadsSecrets(release.values);
                // The injected global.platform is only the lowest layer: a team file may override part of it.
                const fromHelm = (await helmValues(files)) as Values;
                assert.deepStrictEqual(fromHelm, ours, `${stack} ${release.cluster}/${release.name}`);
            }
        });
    }

    it("equals Helm over a generated corpus of layered values files (YAML 1.1 scalars, anchors, merge keys, odd keys)", async () => {
        await fc.assert(
            fc.asyncProperty(valuesLayers, async (texts) => {
                assert.deepStrictEqual(await helmValues(writeLayers(texts)), platformValues(texts), texts.join("\n---\n"));
            }),
            { ...PROPERTY_RUNS, numRuns: 40 },
        );
    });

    it("equals Helm over chart defaults too: a null removes a default, maps merge, the release wins", async () => {
        const defaultsFile = path.join(ROOT, "test", "fixtures", "charts", "values-defaults", "values.yaml");
        const parsed = parseYamlFile(defaultsFile, fs.readFileSync(defaultsFile, "utf8"), "helm");
        assert.ok(parsed.ok);
        const defaults = parsed.yaml.data as Values;
        const fixed = [
            "resources:\n  limits:\n    cpu: null\nimage:\n  tag: '2.0.0'\nextra: {a: 1}\n",
            "probes: ~\nnodeSelector: {zone: a}\nreplicaCount: yes\n",
        ];
        assert.deepStrictEqual(await helmValues(writeLayers(fixed), "values-defaults"), coalesceWithChart(defaults, platformValues(fixed)));
        const coalesced = coalesceWithChart(defaults, platformValues(fixed)) as {
            resources: { limits: Record<string, unknown> };
            probes?: unknown;
        };
        assert.deepEqual(coalesced.resources.limits, { memory: "256Mi" }, "the null removed the chart's cpu limit");
        assert.equal("probes" in coalesced, false);
        await fc.assert(
            fc.asyncProperty(valuesLayers, async (texts) => {
                assert.deepStrictEqual(
                    await helmValues(writeLayers(texts), "values-defaults"),
                    coalesceWithChart(defaults, platformValues(texts)),
                );
            }),
            { ...PROPERTY_RUNS, numRuns: 15 },
        );
    });

    it("writes merged values that Helm, and the platform, read back as exactly the same values", async () => {
        await fc.assert(
            fc.asyncProperty(valuesLayers, async (texts) => {
                const merged = platformValues(texts);
                const written = stringifyForHelm(merged);
                assert.deepStrictEqual(platformValues([written]), merged, written);
                assert.deepStrictEqual(await helmValues(writeLayers([written])), merged, written);
            }),
            { ...PROPERTY_RUNS, numRuns: 20 },
        );
    });
});
