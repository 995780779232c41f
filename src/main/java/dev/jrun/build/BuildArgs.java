package dev.jrun.build;

import dev.jrun.dockerfile.EnvGetter;
import dev.jrun.dockerfile.Instruction;
import dev.jrun.image.Platform;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * ARG scoping as docker does it. ARGs before the first FROM (meta args) are visible only in FROM
 * lines, unless a stage redeclares them with {@code ARG NAME} (then it inherits the meta value).
 * {@code --build-arg} overrides the default of a declared ARG; the proxy args are usable without a
 * declaration (they reach RUN but not the cache key or history); the platform args
 * (TARGETPLATFORM, BUILDARCH, ...) are set in the meta scope and take effect in a stage when declared.
 * ENV wins over an ARG of the same name.
 */
public final class BuildArgs {
    /** Proxy variables docker passes to RUN without an ARG line. */
    public static final List<String> PROXY_ARGS = List.of("HTTP_PROXY", "http_proxy", "HTTPS_PROXY", "https_proxy",
            "FTP_PROXY", "ftp_proxy", "NO_PROXY", "no_proxy", "ALL_PROXY", "all_proxy");

    private final Map<String, String> given;
    private final Map<String, String> meta = new LinkedHashMap<>();
    private final Set<String> consumed = new HashSet<>();

    public BuildArgs(Map<String, String> buildArgs, List<Instruction.Arg> metaArgs, Platform target) {
        this.given = new LinkedHashMap<>(buildArgs);
        Platform host = Platform.host();
        putPlatform("TARGET", target);
        putPlatform("BUILD", host);
        for (Instruction.Arg a : metaArgs) {
            for (Instruction.ArgDecl d : a.args()) {
                String def = d.defaultValue() == null ? null
                        : dev.jrun.dockerfile.ShellLex.of('\\').processWord(d.defaultValue(), this::metaValue);
                meta.put(d.name(), value(d.name(), def));
            }
        }
    }

    private void putPlatform(String prefix, Platform p) {
        meta.put(prefix + "PLATFORM", p.toString());
        meta.put(prefix + "OS", p.os());
        meta.put(prefix + "ARCH", p.architecture());
        meta.put(prefix + "VARIANT", p.variant() == null ? "" : p.variant());
    }

    private String value(String name, String def) {
        if (given.containsKey(name)) {
            consumed.add(name);
            return given.get(name);
        }
        return def;
    }

    private String metaValue(String name) {
        return meta.get(name);
    }

    /** Variables for expanding a FROM line: the meta args only. */
    public EnvGetter metaScope() {
        return this::metaValue;
    }

    /**
     * The value an {@code ARG name[=default]} inside a stage takes: the build arg, else its own
     * default (expanded by the caller), else the meta arg of the same name; null when unset.
     */
    public String declare(String name, String expandedDefault) {
        if (given.containsKey(name)) {
            consumed.add(name);
            return given.get(name);
        }
        if (expandedDefault != null) {
            return expandedDefault;
        }
        return meta.get(name);
    }

    /** Proxy args given with --build-arg (for RUN's environment only). */
    public Map<String, String> proxies() {
        Map<String, String> out = new LinkedHashMap<>();
        for (String p : PROXY_ARGS) {
            if (given.containsKey(p)) {
                consumed.add(p);
                out.put(p, given.get(p));
            }
        }
        return out;
    }

    /** Build args that no ARG consumed (docker warns about them). */
    public List<String> unused() {
        return given.keySet().stream().filter(k -> !consumed.contains(k) && !meta.containsKey(k)
                && !PROXY_ARGS.contains(k)).sorted().toList();
    }

    /** Marks meta args used by FROM lines as consumed. */
    public void consumedInFrom(Set<String> names) {
        consumed.addAll(names);
    }
}
