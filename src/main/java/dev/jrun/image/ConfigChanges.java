package dev.jrun.image;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.jrun.JrunException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Dockerfile instructions that {@code import -c} and {@code commit -c} accept, applied to a
 * container config: CMD, ENTRYPOINT (JSON or shell form), ENV, WORKDIR, USER, EXPOSE, LABEL, STOPSIGNAL.
 */
public final class ConfigChanges {
    private ConfigChanges() {
    }

    public static ImageConfig.ContainerConfig apply(ImageConfig.ContainerConfig c, List<String> changes) {
        ImageConfig.ContainerConfig r = c;
        for (String change : changes) {
            r = applyOne(r, change.trim());
        }
        return r;
    }

    private static ImageConfig.ContainerConfig applyOne(ImageConfig.ContainerConfig c, String change) {
        int sp = change.indexOf(' ');
        if (sp <= 0) {
            throw new JrunException("invalid change \"" + change + "\": want INSTRUCTION ARGUMENTS");
        }
        String op = change.substring(0, sp).toUpperCase(java.util.Locale.ROOT);
        String arg = change.substring(sp + 1).trim();
        return switch (op) {
            case "CMD" -> new ImageConfig.ContainerConfig(c.user(), c.exposedPorts(), c.env(), c.entrypoint(),
                    command(arg), c.volumes(), c.workingDir(), c.labels(), c.stopSignal(), c.argsEscaped(),
                    c.healthcheck(), c.onBuild(), c.shell());
            case "ENTRYPOINT" -> new ImageConfig.ContainerConfig(c.user(), c.exposedPorts(), c.env(), command(arg),
                    c.cmd(), c.volumes(), c.workingDir(), c.labels(), c.stopSignal(), c.argsEscaped(),
                    c.healthcheck(), c.onBuild(), c.shell());
            case "ENV" -> new ImageConfig.ContainerConfig(c.user(), c.exposedPorts(), env(c.env(), arg), c.entrypoint(),
                    c.cmd(), c.volumes(), c.workingDir(), c.labels(), c.stopSignal(), c.argsEscaped(),
                    c.healthcheck(), c.onBuild(), c.shell());
            case "WORKDIR" -> new ImageConfig.ContainerConfig(c.user(), c.exposedPorts(), c.env(), c.entrypoint(),
                    c.cmd(), c.volumes(), arg, c.labels(), c.stopSignal(), c.argsEscaped(),
                    c.healthcheck(), c.onBuild(), c.shell());
            case "USER" -> new ImageConfig.ContainerConfig(arg, c.exposedPorts(), c.env(), c.entrypoint(),
                    c.cmd(), c.volumes(), c.workingDir(), c.labels(), c.stopSignal(), c.argsEscaped(),
                    c.healthcheck(), c.onBuild(), c.shell());
            case "STOPSIGNAL" -> new ImageConfig.ContainerConfig(c.user(), c.exposedPorts(), c.env(), c.entrypoint(),
                    c.cmd(), c.volumes(), c.workingDir(), c.labels(), arg, c.argsEscaped(),
                    c.healthcheck(), c.onBuild(), c.shell());
            case "EXPOSE" -> new ImageConfig.ContainerConfig(c.user(), expose(c.exposedPorts(), arg), c.env(),
                    c.entrypoint(), c.cmd(), c.volumes(), c.workingDir(), c.labels(), c.stopSignal(), c.argsEscaped(),
                    c.healthcheck(), c.onBuild(), c.shell());
            case "LABEL" -> new ImageConfig.ContainerConfig(c.user(), c.exposedPorts(), c.env(), c.entrypoint(),
                    c.cmd(), c.volumes(), c.workingDir(), label(c.labels(), arg), c.stopSignal(), c.argsEscaped(),
                    c.healthcheck(), c.onBuild(), c.shell());
            default -> throw new JrunException("invalid change \"" + change + "\": " + op
                    + " is not one of CMD, ENTRYPOINT, ENV, WORKDIR, USER, EXPOSE, LABEL, STOPSIGNAL");
        };
    }

    static List<String> command(String arg) {
        if (arg.startsWith("[")) {
            try {
                return Json.mapper().readValue(arg, new TypeReference<List<String>>() { });
            } catch (java.io.IOException e) {
                // not valid JSON: docker treats it as the shell form
            }
        }
        return List.of("/bin/sh", "-c", arg);
    }

    private static List<String> env(List<String> env, String arg) {
        String kv = arg.contains("=") ? arg : arg.replaceFirst("\\s+", "=");
        String key = kv.substring(0, kv.indexOf('=') > 0 ? kv.indexOf('=') : kv.length());
        if (!kv.contains("=") || key.isEmpty()) {
            throw new JrunException("invalid ENV change \"" + arg + "\": want NAME=value");
        }
        List<String> out = new ArrayList<>(env == null ? List.of() : env);
        out.removeIf(e -> e.startsWith(key + "="));
        out.add(kv);
        return out;
    }

    private static Map<String, Object> expose(Map<String, Object> ports, String arg) {
        Map<String, Object> out = new LinkedHashMap<>(ports == null ? Map.of() : ports);
        for (String p : arg.split("\\s+")) {
            if (!p.matches("\\d{1,5}(/(tcp|udp|sctp))?")) {
                throw new JrunException("invalid EXPOSE change: bad port \"" + p + "\"");
            }
            out.put(p.contains("/") ? p : p + "/tcp", Map.of());
        }
        return out;
    }

    private static Map<String, String> label(Map<String, String> labels, String arg) {
        int eq = arg.indexOf('=');
        if (eq <= 0) {
            throw new JrunException("invalid LABEL change \"" + arg + "\": want key=value");
        }
        Map<String, String> out = new LinkedHashMap<>(labels == null ? Map.of() : labels);
        out.put(arg.substring(0, eq), arg.substring(eq + 1).replaceAll("^\"|\"$", ""));
        return out;
    }
}
