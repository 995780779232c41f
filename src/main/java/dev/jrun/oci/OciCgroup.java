package dev.jrun.oci;

import dev.jrun.linux.CgroupFs;
import dev.jrun.linux.CgroupLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.zip.CRC32;

/**
 * Where a container's cgroup lives, relative to the root of every cgroup hierarchy: parent "a/b" and
 * leaf name "c" for "a/b/c" (parent "" for a cgroup right under the roots). config.json's linux.cgroupsPath decides when it is set (podman passes
 * "/libpod_parent/libpod-ID", containerd "/NAMESPACE/ID"); otherwise jrun picks "jrun-runc/ID" under
 * the default --root and "jrun-runc/ID-HASH" under any other, HASH naming the root: ids are unique per
 * root only, so the same id under two roots (two test runs, two callers) must not share a cgroup.
 * The path is stored in state.json, and every later verb finds the cgroup there.
 */
public record OciCgroup(String parent, String name) {
    static final String DEFAULT_PARENT = "jrun-runc";
    /**
     * The hierarchies' mount points, read from /proc/self/mountinfo once per process: a create asked for
     * them five times (launch, pid, device rules, cleanup), each a read and parse of mountinfo. A runc verb
     * is a short process; the training run and the tests do not remount cgroups while they run.
     */
    private static CgroupLayout layout;

    public OciCgroup {
        if (name.isEmpty() || name.contains("/")) {
            throw new OciException("bad cgroup name \"" + name + "\"");
        }
    }

    /** The cgroup of container id under the state root, from config.json's cgroupsPath (null or empty: jrun's default). */
    public static OciCgroup of(Path root, String id, String cgroupsPath) {
        if (cgroupsPath == null || cgroupsPath.isEmpty()) {
            boolean defaultRoot = root.toAbsolutePath().normalize().equals(StateDir.DEFAULT_ROOT);
            return new OciCgroup(DEFAULT_PARENT, defaultRoot ? id : id + "-" + rootHash(root));
        }
        if (cgroupsPath.indexOf(':') >= 0) {
            throw new OciException("linux.cgroupsPath \"" + cgroupsPath + "\" is systemd's slice:prefix:name form, "
                    + "which needs --systemd-cgroup: jrun manages cgroups through cgroupfs only");
        }
        if (!cgroupsPath.startsWith("/")) {
            // runc puts a relative path under the cgroup of the runtime's own process; jrun does not guess
            throw new OciException("linux.cgroupsPath \"" + cgroupsPath + "\" is relative: jrun needs an absolute path "
                    + "(from the root of the cgroup hierarchies)");
        }
        String rel = cgroupsPath.replaceAll("/+", "/").substring(1);
        if (rel.endsWith("/")) {
            rel = rel.substring(0, rel.length() - 1);
        }
        for (String part : rel.split("/")) {
            if (part.equals("..") || part.equals(".")) {
                throw new OciException("linux.cgroupsPath \"" + cgroupsPath + "\" has a \"" + part + "\" element");
            }
        }
        if (rel.isEmpty()) {
            throw new OciException("linux.cgroupsPath \"" + cgroupsPath + "\" names the root cgroup, which no container may own");
        }
        return stored(rel, id);
    }

    /** The stored form ("parent/name") read back; null (a state.json of an older jrun) is the old default. */
    static OciCgroup stored(String path, String id) {
        if (path == null) {
            return new OciCgroup(DEFAULT_PARENT, id);
        }
        int slash = path.lastIndexOf('/');
        return new OciCgroup(slash < 0 ? "" : path.substring(0, slash), path.substring(slash + 1));
    }

    /** Eight hex digits of CRC-32 over the root's absolute path: short, stable, and free of JCA start-up. */
    static String rootHash(Path root) {
        CRC32 crc = new CRC32();
        crc.update(root.toAbsolutePath().normalize().toString().getBytes(StandardCharsets.UTF_8));
        String hex = Long.toHexString(crc.getValue());
        return "0".repeat(8 - hex.length()) + hex;
    }

    /** "parent/name" ("name" alone right under the hierarchies' roots), as state.json stores it. */
    public String path() {
        return parent.isEmpty() ? name : parent + "/" + name;
    }

    /** The cgroupfs view with this parent, joining the v1 hierarchies runc joins. */
    public CgroupFs fs() {
        return new CgroupFs(layout(), parent, OciRuntime.CONTROLLERS);
    }

    static synchronized CgroupLayout layout() {
        if (layout == null) {
            layout = CgroupLayout.current();
        }
        return layout;
    }

    /** The directories that exist now (for removal, pids, freezing). */
    public CgroupFs.Cgroup existing() {
        return fs().existing(name);
    }
}
