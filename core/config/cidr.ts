import * as ipaddr from "ipaddr.js";
import { z } from "zod";

/** A parsed network: its canonical text (`10.1.0.0/16`), address and prefix length. */
export interface Cidr {
    readonly text: string;
    readonly address: ipaddr.IPv4 | ipaddr.IPv6;
    readonly prefix: number;
}

/**
 * Parses a CIDR as the API server and Azure read it: a valid IPv4 or IPv6 network whose host bits are
 * zero. Returns the network or why it is not one, with the canonical form when only the host bits are off.
 */
export function parseCidr(text: string): { cidr: Cidr } | { problem: string; hint: string } {
    const notACidr = {
        problem: `"${text}" is not a CIDR`,
        hint: "write an IPv4 or IPv6 network with its prefix length, such as 203.0.113.0/24",
    };
    let parsed: [ipaddr.IPv4 | ipaddr.IPv6, number];
    try {
        parsed = ipaddr.parseCIDR(text);
    } catch {
        return notACidr;
    }
    const [address, prefix] = parsed;
    // ipaddr also reads inet_aton's forms (010.1.0.0 as octal 8.1.0.0, 10.1 as 10.0.0.1), which neither
    // the API server nor Azure reads so: their canonical form would be another network than the one meant.
    if (address.kind() === "ipv4" && !ipaddr.IPv4.isValidFourPartDecimal(text.slice(0, text.indexOf("/")))) {
        return notACidr;
    }
    const network = address.kind() === "ipv4" ? ipaddr.IPv4.networkAddressFromCIDR(text) : ipaddr.IPv6.networkAddressFromCIDR(text);
    const canonical = `${network.toString()}/${prefix}`;
    if (canonical !== text) {
        return { problem: `"${text}" is not written as a network`, hint: `write ${canonical}` };
    }
    return { cidr: { text: canonical, address: network, prefix } };
}

/** Whether two networks share an address. Networks of different families never do. */
export function overlaps(a: Cidr, b: Cidr): boolean {
    if (a.address.kind() !== b.address.kind()) {
        return false;
    }
    return a.address.match(b.address, b.prefix) || b.address.match(a.address, a.prefix);
}

/** A zod schema for a CIDR written in configuration: valid and canonical, else a message with the fix. */
export const cidrSchema = z.string().superRefine((text, ctx) => {
    const result = parseCidr(text);
    if ("problem" in result) {
        ctx.addIssue({ code: "custom", message: `${result.problem}; ${result.hint}` });
    }
});

const must = (text: string): Cidr => {
    const result = parseCidr(text);
    if ("problem" in result) {
        throw new Error(result.problem);
    }
    return result.cidr;
};

/**
 * Destinations no tenant egress may include, whatever else it allows: the whole internet in one rule,
 * the node's own and link-local addresses (the instance metadata service 169.254.169.254 is how a pod
 * would take the node's managed identity), Azure's host endpoint 168.63.129.16, and multicast and
 * reserved space. A range that merely overlaps one of these is refused too, so `0.0.0.0/1` cannot
 * sneak past.
 * @see https://learn.microsoft.com/azure/virtual-network/what-is-ip-address-168-63-129-16
 */
export const FORBIDDEN_EGRESS: readonly { readonly cidr: Cidr; readonly why: string }[] = [
    { cidr: must("0.0.0.0/8"), why: "the unspecified network" },
    { cidr: must("127.0.0.0/8"), why: "loopback" },
    { cidr: must("169.254.0.0/16"), why: "link-local, including the instance metadata service 169.254.169.254" },
    { cidr: must("168.63.129.16/32"), why: "the Azure host endpoint (wire server)" },
    { cidr: must("224.0.0.0/4"), why: "multicast" },
    { cidr: must("240.0.0.0/4"), why: "reserved space" },
    { cidr: must("::/128"), why: "the unspecified address" },
    { cidr: must("::1/128"), why: "loopback" },
    { cidr: must("::ffff:0:0/96"), why: "IPv4-mapped addresses" },
    { cidr: must("fe80::/10"), why: "link-local" },
    { cidr: must("ff00::/8"), why: "multicast" },
];
