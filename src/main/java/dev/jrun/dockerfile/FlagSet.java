package dev.jrun.dockerfile;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code --name[=value]} flags an instruction accepts, checked as buildkit's {@code BFlags}:
 * unknown flags, duplicates, missing values and bad booleans are errors; {@code --} ends the flags.
 */
final class FlagSet {
    private enum Kind { BOOL, STRING, STRINGS }

    private final Map<String, Kind> kinds = new LinkedHashMap<>();
    private final Map<String, String> values = new HashMap<>();
    private final Map<String, List<String>> lists = new HashMap<>();

    FlagSet bool(String name) {
        kinds.put(name, Kind.BOOL);
        return this;
    }

    FlagSet string(String name) {
        kinds.put(name, Kind.STRING);
        return this;
    }

    FlagSet strings(String name) {
        kinds.put(name, Kind.STRINGS);
        return this;
    }

    /** Checks and records {@code args}; throws a located-later reason on the first bad flag. */
    FlagSet parse(List<String> args) {
        for (String a : args) {
            if (a.equals("--")) {
                return this;
            }
            if (!a.startsWith("--")) {
                throw new DockerfileSyntaxException.Reason("arg should start with -- : " + a);
            }
            int eq = a.indexOf('=');
            String flagName = eq < 0 ? a : a.substring(0, eq);
            String value = eq < 0 ? "" : a.substring(eq + 1);
            String name = flagName.substring(2);
            Kind kind = kinds.get(name);
            if (kind == null) {
                throw new DockerfileSyntaxException.Reason("unknown flag: " + flagName
                        + (kinds.isEmpty() ? "" : " (accepted: --" + String.join(", --", kinds.keySet()) + ")"));
            }
            if (kind != Kind.STRINGS && (values.containsKey(name))) {
                throw new DockerfileSyntaxException.Reason("duplicate flag specified: " + flagName);
            }
            switch (kind) {
                case BOOL -> {
                    if (eq >= 0 && value.isEmpty()) {
                        throw new DockerfileSyntaxException.Reason("missing a value on flag: " + flagName);
                    }
                    String v = value.toLowerCase(Locale.ROOT);
                    if (!v.equals("true") && !v.equals("false") && !v.isEmpty()) {
                        throw new DockerfileSyntaxException.Reason(
                                "expecting boolean value for flag " + flagName + ", not: " + value);
                    }
                    values.put(name, v.equals("false") ? "false" : "true");
                }
                case STRING -> {
                    if (eq < 0) {
                        throw new DockerfileSyntaxException.Reason("missing a value on flag: " + flagName);
                    }
                    values.put(name, value);
                }
                case STRINGS -> {
                    if (eq < 0) {
                        throw new DockerfileSyntaxException.Reason("missing a value on flag: " + flagName);
                    }
                    lists.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
                }
            }
        }
        return this;
    }

    /** The value given, or {@code def} when the flag was absent. */
    String string(String name, String def) {
        return values.getOrDefault(name, def);
    }

    boolean isTrue(String name) {
        return "true".equals(values.get(name));
    }

    /** True/false when given, null when absent. */
    Boolean optionalBool(String name) {
        String v = values.get(name);
        return v == null ? null : Boolean.valueOf(v);
    }

    List<String> list(String name) {
        return List.copyOf(lists.getOrDefault(name, List.of()));
    }
}
