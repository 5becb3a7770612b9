import * as pulumi from "@pulumi/pulumi";
import type { OwnedSecrets } from "../core/values/secrets";

export /** Something the validated model guarantees; its absence is a bug in the platform, reported as one. */
function known<T>(value: T | undefined, what: string): T {
    if (value === undefined) {
        throw new Error(`helm-platform: ${what} is missing, though the validated model promises it`);
    }
    return value;
}

export /** Only `owner`'s secrets, still secret: what a team's releases, or the monitoring stack, may resolve. */
function ownedBy(secrets: pulumi.Input<OwnedSecrets>, owner: string): pulumi.Output<OwnedSecrets> {
    return pulumi.secret(pulumi.output(secrets).apply((all) => ({ [owner]: (all as OwnedSecrets)[owner] ?? {} })));
}
