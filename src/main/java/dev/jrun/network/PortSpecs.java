package dev.jrun.network;

import dev.jrun.JrunException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * docker's {@code -p} forms: {@code 8080}, {@code 5000:8080}, {@code 127.0.0.1:5000:8080},
 * {@code 127.0.0.1::8080}, any of them with {@code /udp}, and equal-sized ranges
 * {@code 7000-7002:7000-7002}; and {@code -P}'s image ExposedPorts ("8080/tcp"). Pure.
 */
public final class PortSpecs {
    private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");
    private static final Pattern RANGE = Pattern.compile("(\\d+)(?:-(\\d+))?");

    private PortSpecs() {
    }

    /** Every mapping of one -p value; a host port of 0 means "pick a free one". */
    public static List<PortMapping> parse(String value) {
        String v = value == null ? "" : value.strip();
        String proto = "tcp";
        int slash = v.lastIndexOf('/');
        if (slash >= 0) {
            proto = v.substring(slash + 1).toLowerCase();
            v = v.substring(0, slash);
            if (!proto.equals("tcp") && !proto.equals("udp") && !proto.equals("sctp")) {
                throw bad(value, "unknown protocol \"" + proto + "\" (want tcp, udp or sctp)");
            }
        }
        String ip = "";
        String host = "";
        String ctr;
        int last = v.lastIndexOf(':');
        if (last < 0) {
            ctr = v;
        } else {
            ctr = v.substring(last + 1);
            String rest = v.substring(0, last);
            int first = rest.lastIndexOf(':');
            if (first < 0) {
                host = rest;
            } else {
                ip = rest.substring(0, first);
                host = rest.substring(first + 1);
                if (ip.startsWith("[") || ip.contains(":")) {
                    throw bad(value, "IPv6 host addresses are not supported");
                }
                if (!validIp(ip)) {
                    throw bad(value, "\"" + ip + "\" is not an IPv4 address");
                }
            }
        }
        int[] c = range(value, ctr, "container port");
        int[] h = host.isEmpty() ? null : range(value, host, "host port");
        int n = c[1] - c[0] + 1;
        if (h != null && h[1] - h[0] + 1 != n) {
            throw bad(value, "the host range " + host + " and the container range " + ctr + " differ in size");
        }
        List<PortMapping> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(new PortMapping(ip, h == null ? 0 : h[0] + i, c[0] + i, proto));
        }
        return out;
    }

    /** -P: every port the image exposes ("80/tcp", "53/udp", "8080"), each to a free host port. */
    public static List<PortMapping> exposed(Map<String, Object> exposedPorts) {
        List<PortMapping> out = new ArrayList<>();
        if (exposedPorts != null) {
            for (String k : exposedPorts.keySet().stream().sorted().toList()) {
                out.addAll(parse(k));
            }
        }
        return out;
    }

    private static int[] range(String value, String s, String what) {
        Matcher m = RANGE.matcher(s);
        if (s.isEmpty() || !m.matches()) {
            throw bad(value, "\"" + s + "\" is not a " + what + " or range (want N or N-M)");
        }
        int lo = port(value, m.group(1), what);
        int hi = m.group(2) == null ? lo : port(value, m.group(2), what);
        if (hi < lo) {
            throw bad(value, "the " + what + " range " + s + " ends before it starts");
        }
        return new int[] {lo, hi};
    }

    private static int port(String value, String digits, String what) {
        long p = digits.length() > 6 ? Long.MAX_VALUE : Long.parseLong(digits);
        if (p < 1 || p > 65535) {
            throw bad(value, what + " " + digits + " is out of range 1-65535");
        }
        return (int) p;
    }

    private static boolean validIp(String ip) {
        Matcher m = IPV4.matcher(ip);
        if (!m.matches()) {
            return false;
        }
        for (int i = 1; i <= 4; i++) {
            if (Integer.parseInt(m.group(i)) > 255) {
                return false;
            }
        }
        return true;
    }

    private static JrunException bad(String value, String why) {
        return new JrunException("invalid -p \"" + value + "\": " + why);
    }
}
