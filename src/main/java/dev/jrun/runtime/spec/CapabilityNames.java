package dev.jrun.runtime.spec;

import dev.jrun.JrunException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Linux capability names and numbers (include/uapi/linux/capability.h), and docker's default set. */
public final class CapabilityNames {
    /** Index = capability number. */
    public static final List<String> ALL = List.of(
            "CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_DAC_READ_SEARCH", "CAP_FOWNER", "CAP_FSETID",
            "CAP_KILL", "CAP_SETGID", "CAP_SETUID", "CAP_SETPCAP", "CAP_LINUX_IMMUTABLE",
            "CAP_NET_BIND_SERVICE", "CAP_NET_BROADCAST", "CAP_NET_ADMIN", "CAP_NET_RAW", "CAP_IPC_LOCK",
            "CAP_IPC_OWNER", "CAP_SYS_MODULE", "CAP_SYS_RAWIO", "CAP_SYS_CHROOT", "CAP_SYS_PTRACE",
            "CAP_SYS_PACCT", "CAP_SYS_ADMIN", "CAP_SYS_BOOT", "CAP_SYS_NICE", "CAP_SYS_RESOURCE",
            "CAP_SYS_TIME", "CAP_SYS_TTY_CONFIG", "CAP_MKNOD", "CAP_LEASE", "CAP_AUDIT_WRITE",
            "CAP_AUDIT_CONTROL", "CAP_SETFCAP", "CAP_MAC_OVERRIDE", "CAP_MAC_ADMIN", "CAP_SYSLOG",
            "CAP_WAKE_ALARM", "CAP_BLOCK_SUSPEND", "CAP_AUDIT_READ", "CAP_PERFMON", "CAP_BPF",
            "CAP_CHECKPOINT_RESTORE");

    /** moby's oci/caps/defaults.go: the capabilities a docker container gets. */
    public static final List<String> DOCKER_DEFAULT = List.of(
            "CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FSETID", "CAP_FOWNER", "CAP_MKNOD", "CAP_NET_RAW",
            "CAP_SETGID", "CAP_SETUID", "CAP_SETFCAP", "CAP_SETPCAP", "CAP_NET_BIND_SERVICE",
            "CAP_SYS_CHROOT", "CAP_KILL", "CAP_AUDIT_WRITE");

    private CapabilityNames() {
    }

    /** "net_admin", "NET_ADMIN" or "CAP_NET_ADMIN" to "CAP_NET_ADMIN"; "ALL" stays "ALL". */
    public static String normalize(String name) {
        String n = name.trim().toUpperCase(Locale.ROOT);
        if (n.equals("ALL")) {
            return n;
        }
        if (!n.startsWith("CAP_")) {
            n = "CAP_" + n;
        }
        if (!ALL.contains(n)) {
            throw new JrunException("unknown capability \"" + name + "\"");
        }
        return n;
    }

    public static int number(String name) {
        int i = ALL.indexOf(name);
        if (i < 0) {
            throw new JrunException("unknown capability \"" + name + "\"");
        }
        return i;
    }

    /** The 64-bit mask of a list of names, as /proc/self/status prints it in hex. */
    public static long mask(List<String> names) {
        long m = 0;
        for (String n : names) {
            m |= 1L << number(n);
        }
        return m;
    }

    /** Names of the bits set in mask, in number order. */
    public static List<String> names(long mask) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < ALL.size(); i++) {
            if ((mask & (1L << i)) != 0) {
                out.add(ALL.get(i));
            }
        }
        return out;
    }
}
