import * as pulumi from "@pulumi/pulumi";

/**
 * The environment a component names and labels its resources after when it is not told: the Pulumi
 * stack's name, as in a program with one stack per environment. The one owner of that default.
 */
export function environmentOr(environment: string | undefined): string {
    return environment ?? pulumi.getStack();
}
