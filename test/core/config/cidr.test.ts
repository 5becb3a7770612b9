import * as assert from "node:assert/strict";
import { cidrSchema, FORBIDDEN_EGRESS, overlaps, parseCidr } from "../../../core/config/cidr";
import { schemaProblems } from "../../support/schemaProblems";

const NOT_A_CIDR = "write an IPv4 or IPv6 network with its prefix length, such as 203.0.113.0/24";

/** The network of a text the test knows is one. */
function cidr(text: string) {
    const result = parseCidr(text);
    assert.ok("cidr" in result, text);
    return result.cidr;
}

describe("parseCidr", () => {
    for (const text of ["10.1.0.0/16", "203.0.113.7/32", "0.0.0.0/0", "2001:db8::/32", "::/0"]) {
        it(`GIVEN the network ${text} THEN it is read with its prefix length`, () => {
            const read = cidr(text);
            assert.equal(read.text, text);
            assert.equal(read.prefix, Number(text.split("/")[1]));
        });
    }

    const offNetwork: [text: string, canonical: string, why: string][] = [
        ["10.1.2.3/16", "10.1.0.0/16", "host bits set"],
        ["2001:DB8::/32", "2001:db8::/32", "capitals"],
        ["2001:0db8::/32", "2001:db8::/32", "a leading zero in a group"],
        ["10.1.0.0/016", "10.1.0.0/16", "a leading zero in the prefix"],
        ["fe80::1%eth0/64", "fe80::/64", "a zone and host bits"],
    ];
    for (const [text, canonical, why] of offNetwork) {
        it(`GIVEN ${text} (${why}) THEN it is refused with the network to write: ${canonical}`, () => {
            assert.deepEqual(parseCidr(text), { problem: `"${text}" is not written as a network`, hint: `write ${canonical}` });
        });
    }

    const notCidrs: [text: string, why: string][] = [
        ["10.1.0.0", "no prefix length"],
        ["10.1.0.0/33", "a prefix past 32"],
        ["2001:db8::/129", "a prefix past 128"],
        ["10.1.0.0/16 ", "a trailing space"],
        ["payments.example.com/24", "a host name"],
        // Read as inet_aton does, these would be other networks than the one meant (8.1.0.0/16, 1.2.0.0/24, 10.0.0.0/16).
        ["010.1.0.0/16", "a leading zero, which is octal to inet_aton"],
        ["1.2.3/24", "three parts"],
        ["10.1/16", "two parts"],
        ["0x0a.1.0.0/16", "a hexadecimal part"],
        ["", "nothing"],
    ];
    for (const [text, why] of notCidrs) {
        it(`GIVEN ${JSON.stringify(text)} (${why}) THEN it is no CIDR`, () => {
            assert.deepEqual(parseCidr(text), { problem: `"${text}" is not a CIDR`, hint: NOT_A_CIDR });
        });
    }
});

describe("overlaps", () => {
    const cases: [a: string, b: string, shared: boolean][] = [
        ["10.0.0.0/8", "10.1.0.0/16", true],
        ["10.1.0.0/16", "10.0.0.0/8", true],
        ["10.1.0.0/16", "10.1.0.0/16", true],
        ["10.0.0.0/16", "10.1.0.0/16", false],
        ["10.1.255.255/32", "10.1.0.0/16", true],
        ["10.2.0.0/32", "10.1.0.0/16", false],
        ["0.0.0.0/0", "203.0.113.0/24", true],
        ["2001:db8::/32", "2001:db8:1::/48", true],
        ["2001:db8::/32", "2001:db9::/32", false],
        // The same bits in another family are another network.
        ["0.0.0.0/0", "::/0", false],
        ["10.0.0.0/8", "::ffff:a00:0/104", false],
    ];
    for (const [a, b, shared] of cases) {
        it(`GIVEN ${a} and ${b} THEN they ${shared ? "share" : "share no"} address`, () => {
            assert.equal(overlaps(cidr(a), cidr(b)), shared);
        });
    }
});

describe("cidrSchema", () => {
    it("GIVEN a network as written in a file THEN it holds, and a host address in it says which network to write", () => {
        assert.deepEqual(schemaProblems(cidrSchema, "198.51.100.0/24"), []);
        assert.deepEqual(schemaProblems(cidrSchema, "198.51.100.7/24"), [
            ': "198.51.100.7/24" is not written as a network; write 198.51.100.0/24 (got "198.51.100.7/24") Fix: change the value as the message says',
        ]);
    });
});

describe("FORBIDDEN_EGRESS", () => {
    const forbidden = (text: string) => FORBIDDEN_EGRESS.filter((f) => overlaps(f.cidr, cidr(text))).map((f) => f.why);

    it("GIVEN the instance metadata service, Azure's wire server or loopback THEN each is forbidden, and says why", () => {
        assert.deepEqual(forbidden("169.254.169.254/32"), ["link-local, including the instance metadata service 169.254.169.254"]);
        assert.deepEqual(forbidden("168.63.129.16/32"), ["the Azure host endpoint (wire server)"]);
        assert.deepEqual(forbidden("::1/128"), ["loopback"]);
    });

    it("GIVEN half the internet in one range THEN it overlaps a forbidden network and cannot sneak past", () => {
        assert.ok(forbidden("0.0.0.0/1").length > 0);
        assert.ok(forbidden("128.0.0.0/1").length > 0);
    });

    it("GIVEN a public service's range THEN nothing forbids it", () => {
        assert.deepEqual(forbidden("20.50.0.0/16"), []);
        assert.deepEqual(forbidden("2603:1020::/32"), []);
    });
});
