package dev.jrun.dockerfile;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Variables visible to {@link ShellLex}: {@code get} returns null when the name is unset. */
@FunctionalInterface
public interface EnvGetter {
    /** The value, {@code ""} when set but empty, null when unset. */
    String get(String name);

    /** No variables at all. */
    static EnvGetter empty() {
        return name -> null;
    }

    /** Variables from a map (a key mapped to "" is set but empty). */
    static EnvGetter of(Map<String, String> env) {
        Map<String, String> copy = new HashMap<>(env);
        return copy::get;
    }

    /**
     * Variables from {@code KEY=VALUE} strings, later entries winning; an entry without {@code =}
     * sets the key to "" (buildkit's {@code EnvsFromSlice}).
     */
    static EnvGetter fromList(List<String> entries) {
        Map<String, String> map = new HashMap<>();
        for (String e : entries) {
            int eq = e.indexOf('=');
            map.put(eq < 0 ? e : e.substring(0, eq), eq < 0 ? "" : e.substring(eq + 1));
        }
        return map::get;
    }
}
