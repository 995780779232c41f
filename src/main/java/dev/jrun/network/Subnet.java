package dev.jrun.network;

import dev.jrun.JrunException;

/** An IPv4 subnet in CIDR form ("10.89.0.0/16"); its first host address is the bridge's gateway. Pure. */
public record Subnet(int network, int prefix) {
    public Subnet {
        if (prefix < 8 || prefix > 30) {
            throw new JrunException("subnet prefix /" + prefix + " is outside /8-/30");
        }
        network &= mask(prefix);
    }

    public static Subnet parse(String cidr) {
        String[] p = cidr == null ? new String[0] : cidr.split("/");
        if (p.length != 2 || !p[1].matches("\\d{1,2}")) {
            throw new JrunException("invalid subnet \"" + cidr + "\": want an IPv4 CIDR such as " + CniConfig.DEFAULT_SUBNET);
        }
        return new Subnet(address(p[0], cidr), Integer.parseInt(p[1]));
    }

    static int address(String dotted, String context) {
        String[] o = dotted.split("\\.");
        if (o.length != 4) {
            throw new JrunException("invalid subnet \"" + context + "\": \"" + dotted + "\" is not an IPv4 address");
        }
        int a = 0;
        for (String s : o) {
            if (!s.matches("\\d{1,3}") || Integer.parseInt(s) > 255) {
                throw new JrunException("invalid subnet \"" + context + "\": \"" + dotted + "\" is not an IPv4 address");
            }
            a = a << 8 | Integer.parseInt(s);
        }
        return a;
    }

    private static int mask(int prefix) {
        return prefix == 0 ? 0 : -1 << (32 - prefix);
    }

    static String dotted(int a) {
        return (a >>> 24) + "." + (a >>> 16 & 255) + "." + (a >>> 8 & 255) + "." + (a & 255);
    }

    public String gateway() {
        return dotted(network + 1);
    }

    @Override
    public String toString() {
        return dotted(network) + "/" + prefix;
    }
}
