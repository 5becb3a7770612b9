/**
 * A platform of a few files, in memory: environment `shop` with one development cluster and no
 * monitoring, and optionally a shard and a team. For tests of the command lines that read a whole tree,
 * without the cost of loading the sample (a tenth of the time).
 */
import { sampleTree } from "../helpers";
import { stackFileText } from "./smallTree";

export { treeOf } from "./smallTree";

/** Made-up Entra object IDs the sample ships (core/load/placeholders.ts knows them as placeholders). */
export const SAMPLE_IDS = { admins: "3f0c6a52-8d1e-4b7a-9c2f-1a5e7d9b0c11", owners: "6c2e8a41-7b3f-4d9e-a1c5-2f4b6d8e0a21" } as const;
/** An object ID of the platform's own: no placeholder. */
export const OWN_ID = "0b6f3a2e-5c1d-4e8f-9a7b-2d4c6e8f0a13";

/** `Pulumi.shop.yaml`: the smallest stack file that loads, with `more` lines of settings at the end. */
export const smallStackFile = (admins: string = OWN_ID, more: readonly string[] = []): string => stackFileText(admins, more);

/** `tenants/storefront.yaml`: team storefront in shop, owned by `owners`, with app `web` (chart `web` 1.0.0) when `app`. */
export function storefrontFile(owners: string = OWN_ID, app = false): string {
    const apps = app ? "apps:\n  web:\n    chart: web\n    versions:\n      shop: 1.0.0\n" : "";
    return `team: storefront\ngroups:\n  owners:\n    - ${owners}\nenvironments: [shop]\n${apps}`;
}

/** The files of environment shop: its stack file (`stack`), the project file, and `more`. */
export function smallPlatform(stack: string = smallStackFile(), more: Readonly<Record<string, string>> = {}): Record<string, string> {
    return { "Pulumi.yaml": sampleTree().read("Pulumi.yaml") as string, "Pulumi.shop.yaml": stack, ...more };
}

/** Shop sharded: its foundation and shard `web` (stack `shop.web`) holding team storefront. */
export function shardedPlatform(ids: { admins?: string; owners?: string } = {}): Record<string, string> {
    const layout = ["  helm-platform:layout: sharded", "  helm-platform:shards:", "    web: [storefront]"];
    return smallPlatform(smallStackFile(ids.admins, layout), {
        "Pulumi.shop.web.yaml": "config: {}\n",
        "tenants/storefront.yaml": storefrontFile(ids.owners),
    });
}
