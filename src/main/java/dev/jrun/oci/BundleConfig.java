package dev.jrun.oci;

import dev.jrun.JrunException;
import dev.jrun.PlainFiles;
import dev.jrun.image.Json;
import dev.jrun.runtime.spec.Spec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A bundle's config.json, checked as runc checks it (a 1.x ociVersion, a rootfs that exists) and
 * against what jrun's launcher carries out: a field it would not apply is an error naming it, never
 * silently dropped (the Spec model itself ignores unknown fields).
 */
public record BundleConfig(Path bundle, Spec spec, Path rootfs, List<String> deviceRules) {
    /** Fields the launcher applies, as paths of object keys; "*" marks a subtree taken whole. */
    private static final Set<String> SUPPORTED = Set.of(
            "ociVersion", "process", "root", "hostname", "mounts", "annotations", "linux", "hooks",
            "process.terminal", "process.consoleSize", "process.user", "process.user.uid", "process.user.gid",
            "process.user.umask", "process.user.additionalGids", "process.args", "process.env", "process.cwd",
            "process.capabilities", "process.capabilities.bounding", "process.capabilities.effective",
            "process.capabilities.inheritable", "process.capabilities.permitted", "process.capabilities.ambient",
            "process.rlimits", "process.noNewPrivileges",
            "root.path", "root.readonly",
            "linux.namespaces", "linux.resources", "linux.cgroupsPath", "linux.maskedPaths", "linux.readonlyPaths",
            "linux.sysctl", "linux.rootfsPropagation",
            "linux.resources.memory", "linux.resources.memory.limit", "linux.resources.memory.swap",
            "linux.resources.cpu", "linux.resources.cpu.shares", "linux.resources.cpu.quota",
            "linux.resources.cpu.period", "linux.resources.pids", "linux.resources.pids.limit",
            "linux.resources.devices");
    /** Namespaces the launcher joins by path with setns (the others would need a fork inside them). */
    private static final List<String> JOINABLE = List.of("cgroup", "ipc", "network", "uts");
    /** Subtrees whose content is free-form (values are checked by the model). */
    private static final Set<String> WHOLE = Set.of("process.args", "process.env", "process.rlimits",
            "process.consoleSize", "process.user.additionalGids", "process.capabilities.bounding",
            "process.capabilities.effective", "process.capabilities.inheritable", "process.capabilities.permitted",
            "process.capabilities.ambient", "mounts", "annotations", "linux.maskedPaths", "linux.readonlyPaths",
            "linux.sysctl", "linux.namespaces", "linux.resources.devices");

    /** Reads and checks bundle/config.json; errors name the file and the field. */
    public static BundleConfig load(Path bundle) {
        Path file = bundle.resolve("config.json");
        byte[] bytes;
        try {
            bytes = PlainFiles.read(file);
        } catch (NoSuchFileException e) {
            throw new OciException("JSON specification file " + file + " not found");
        } catch (IOException e) {
            throw new OciException("read " + file + ": " + e, e);
        }
        Object tree;
        Spec spec;
        try {
            // plain values (no Jackson tree: databind costs ~250 ms of CPU at every create)
            tree = Json.parse(bytes, file.toString());
            if (!(tree instanceof Map<?, ?> top)) {
                throw new OciException(file + ": not a JSON object");
            }
            Object v = top.get("ociVersion");
            checkVersion(v instanceof String sv ? sv : null, file);
            unsupported(top, "", file);
            spec = Spec.parse(tree, bytes, file.toString());
        } catch (OciException e) {
            throw e;
        } catch (JrunException e) {
            throw new OciException("invalid " + file + ": " + e.getMessage(), e);
        }
        for (var n : spec.linux().namespaces()) {
            if (n.path() != null && !JOINABLE.contains(n.type())) {
                throw new OciException(file + ": linux.namespaces: joining an existing " + n.type()
                        + " namespace (path " + n.path() + ") is not supported by jrun (only " + JOINABLE + " can be joined)");
            }
        }
        List<String> devices = DeviceRules.parse(at(tree, "linux", "resources", "devices"), file);
        Path rootfs = bundle.resolve(spec.root().path()).normalize();
        if (!Files.isDirectory(rootfs)) {
            throw new OciException("rootfs (" + rootfs + ") does not exist");
        }
        return new BundleConfig(bundle, spec, rootfs, devices);
    }

    static void checkVersion(String v, Path file) {
        if (v == null || v.isEmpty()) {
            throw new OciException(file + ": ociVersion is missing");
        }
        if (!v.startsWith("1.")) {
            throw new OciException(file + ": unsupported spec version \"" + v + "\" (jrun supports 1.x)");
        }
    }

    /** The value at the keys' path, or null where an object or the key is missing. */
    static Object at(Object node, String... keys) {
        for (String k : keys) {
            if (!(node instanceof Map<?, ?> m)) {
                return null;
            }
            node = m.get(k);
        }
        return node;
    }

    /** Throws naming the first field jrun would not apply. Empty/null values are fine. */
    static void unsupported(Map<?, ?> node, String prefix, Path file) {
        for (Map.Entry<?, ?> e : node.entrySet()) {
            String path = prefix.isEmpty() ? e.getKey().toString() : prefix + "." + e.getKey();
            Object v = e.getValue();
            if (empty(v)) {
                continue;
            }
            if (path.equals("hooks")) {
                if (v instanceof Map<?, ?> hooks) {
                    for (Map.Entry<?, ?> hook : hooks.entrySet()) {
                        if (!empty(hook.getValue())) {
                            throw new OciException(file + ": hooks." + hook.getKey() + " is not supported by jrun yet");
                        }
                    }
                }
                continue;
            }
            if (!SUPPORTED.contains(path)) {
                throw new OciException(file + ": " + path + " is not supported by jrun"
                        + (path.startsWith("linux.seccomp") ? " yet (refusing to run without the requested filter)" : ""));
            }
            if (v instanceof Map<?, ?> m && !WHOLE.contains(path)) {
                unsupported(m, path, file);
            }
        }
    }

    private static boolean empty(Object v) {
        return v == null || (v instanceof Map<?, ?> m && m.isEmpty()) || (v instanceof List<?> l && l.isEmpty());
    }
}
