package dev.jrun.oci;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * linux.resources.devices as runc applies them to a v1 devices cgroup: deny everything, then the
 * spec's rules in order, then the devices every container gets (runc's AllowedDevices: mknod of
 * any node, null, zero, full, random, urandom, tty, ptmx and the pty slaves, tun). Each line is
 * "allow RULE" or "deny RULE", RULE as devices.allow takes it.
 */
final class DeviceRules {
    static final List<String> DEFAULTS = List.of("allow c *:* m", "allow b *:* m", "allow c 1:3 rwm",
            "allow c 1:8 rwm", "allow c 1:7 rwm", "allow c 5:0 rwm", "allow c 1:5 rwm", "allow c 1:9 rwm",
            "allow c 136:* rwm", "allow c 5:2 rwm", "allow c 10:200 rwm");

    private DeviceRules() {
    }

    /** The lines for the spec's rules (devices as Json.parse gives it; null or empty: none); errors name the rule. */
    static List<String> parse(Object devices, Path file) {
        List<String> out = new ArrayList<>();
        out.add("deny a");
        if (devices == null) {
            out.addAll(DEFAULTS);
            return out;
        }
        if (!(devices instanceof List<?> rules)) {
            throw new OciException(file + ": linux.resources.devices is not an array");
        }
        for (int i = 0; i < rules.size(); i++) {
            out.add(rule(rules.get(i), file + ": linux.resources.devices[" + i + "]"));
        }
        out.addAll(DEFAULTS);
        return out;
    }

    private static String rule(Object o, String where) {
        if (!(o instanceof Map<?, ?> r) || !(r.get("allow") instanceof Boolean allow)) {
            throw new OciException(where + ": a rule needs \"allow\": true or false");
        }
        String type = text(r.get("type"), "a");
        if (!List.of("a", "b", "c").contains(type)) {
            throw new OciException(where + ": type \"" + type + "\" is not a, b or c");
        }
        String access = text(r.get("access"), "rwm");
        if (access.isEmpty() || !onlyRwm(access)) {
            throw new OciException(where + ": access \"" + access + "\" is not made of r, w and m");
        }
        String verb = allow ? "allow " : "deny ";
        if (type.equals("a")) {
            return verb + "a *:* " + access;
        }
        return verb + type + " " + number(r.get("major"), where) + ":" + number(r.get("minor"), where) + " " + access;
    }

    /** A loop, not chars().allMatch(lambda): a stream and a lambda's bootstrap cost every create ~2 ms of start-up. */
    private static boolean onlyRwm(String access) {
        for (int i = 0; i < access.length(); i++) {
            if ("rwm".indexOf(access.charAt(i)) < 0) {
                return false;
            }
        }
        return true;
    }

    /** A string value as text, a missing one as dflt (Jackson's asText of a number or boolean is its text too). */
    private static String text(Object v, String dflt) {
        return v == null ? dflt : v.toString();
    }

    private static String number(Object n, String where) {
        if (n == null) {
            return "*";
        }
        if (!(n instanceof Long || n instanceof Integer) || ((Number) n).longValue() < -1) {
            throw new OciException(where + ": device number " + n + " is not a number");
        }
        long v = ((Number) n).longValue();
        return v == -1 ? "*" : Long.toString(v);
    }
}
