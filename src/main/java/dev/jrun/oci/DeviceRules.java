package dev.jrun.oci;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

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

    /** The lines for the spec's rules (a missing or empty array: none); errors name the rule. */
    static List<String> parse(JsonNode devices, Path file) {
        List<String> out = new ArrayList<>();
        out.add("deny a");
        if (devices == null || devices.isMissingNode() || devices.isNull()) {
            out.addAll(DEFAULTS);
            return out;
        }
        if (!devices.isArray()) {
            throw new OciException(file + ": linux.resources.devices is not an array");
        }
        for (int i = 0; i < devices.size(); i++) {
            out.add(rule(devices.get(i), file + ": linux.resources.devices[" + i + "]"));
        }
        out.addAll(DEFAULTS);
        return out;
    }

    private static String rule(JsonNode r, String where) {
        if (!r.isObject() || !r.path("allow").isBoolean()) {
            throw new OciException(where + ": a rule needs \"allow\": true or false");
        }
        String type = r.path("type").asText("a");
        if (!List.of("a", "b", "c").contains(type)) {
            throw new OciException(where + ": type \"" + type + "\" is not a, b or c");
        }
        String access = r.path("access").asText("rwm");
        if (access.isEmpty() || !access.chars().allMatch(ch -> "rwm".indexOf(ch) >= 0)) {
            throw new OciException(where + ": access \"" + access + "\" is not made of r, w and m");
        }
        String verb = r.get("allow").asBoolean() ? "allow " : "deny ";
        if (type.equals("a")) {
            return verb + "a *:* " + access;
        }
        return verb + type + " " + number(r.path("major"), where) + ":" + number(r.path("minor"), where) + " " + access;
    }

    private static String number(JsonNode n, String where) {
        if (n.isMissingNode() || n.isNull() || n.asLong() == -1) {
            return "*";
        }
        if (!n.canConvertToLong() || n.asLong() < 0) {
            throw new OciException(where + ": device number " + n + " is not a number");
        }
        return Long.toString(n.asLong());
    }
}
