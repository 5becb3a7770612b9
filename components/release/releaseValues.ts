import * as pulumi from "@pulumi/pulumi";
import type { Values } from "../../core/values/merge";
import { type OwnedSecrets, resolveSecrets, secretRefs } from "../../core/values/secrets";

/**
 * The values a release gets: plain when they reference no secret, otherwise filled in and secret as a
 * whole. Values still being computed (an Output) are treated as secret: they may hold one.
 */
export function releaseValues(values: pulumi.Input<Values>, secrets: pulumi.Input<OwnedSecrets>): pulumi.Input<Values> {
    if (!pulumi.Output.isInstance(values) && secretRefs(values).length === 0) {
        return values;
    }
    return pulumi.secret(pulumi.all([values, secrets]).apply(([v, s]) => resolveSecrets(v as Values, s as OwnedSecrets)));
}
