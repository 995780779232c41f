package dev.jrun.linux;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * mount(8)-style options of a runtime-spec mount split into mount(2)'s flags, the propagation
 * flags (a separate call) and the filesystem data string ("mode=755,size=65536k").
 */
public record MountOptions(long flags, long propagation, String data, boolean bind, boolean recursive) {
    public static final long MS_RDONLY = 1;
    public static final long MS_NOSUID = 2;
    public static final long MS_NODEV = 4;
    public static final long MS_NOEXEC = 8;
    public static final long MS_REMOUNT = 32;
    public static final long MS_BIND = 4096;
    public static final long MS_REC = 16384;
    public static final long MS_PRIVATE = 1 << 18;
    public static final long MS_SLAVE = 1 << 19;
    public static final long MS_SHARED = 1 << 20;
    public static final long MS_UNBINDABLE = 1 << 17;
    static final long MS_RELATIME = 1 << 21;
    static final long MS_STRICTATIME = 1 << 24;

    /** option -> {flags to set, flags to clear} */
    private static final Map<String, long[]> FLAGS = Map.ofEntries(
            Map.entry("ro", new long[] {MS_RDONLY, 0}), Map.entry("rw", new long[] {0, MS_RDONLY}),
            Map.entry("nosuid", new long[] {MS_NOSUID, 0}), Map.entry("suid", new long[] {0, MS_NOSUID}),
            Map.entry("nodev", new long[] {MS_NODEV, 0}), Map.entry("dev", new long[] {0, MS_NODEV}),
            Map.entry("noexec", new long[] {MS_NOEXEC, 0}), Map.entry("exec", new long[] {0, MS_NOEXEC}),
            Map.entry("sync", new long[] {16, 0}), Map.entry("async", new long[] {0, 16}),
            Map.entry("dirsync", new long[] {128, 0}), Map.entry("remount", new long[] {MS_REMOUNT, 0}),
            Map.entry("mand", new long[] {64, 0}), Map.entry("nomand", new long[] {0, 64}),
            Map.entry("atime", new long[] {0, 1024}), Map.entry("noatime", new long[] {1024, 0}),
            Map.entry("diratime", new long[] {0, 2048}), Map.entry("nodiratime", new long[] {2048, 0}),
            Map.entry("relatime", new long[] {MS_RELATIME, 0}), Map.entry("norelatime", new long[] {0, MS_RELATIME}),
            Map.entry("strictatime", new long[] {MS_STRICTATIME, 0}),
            Map.entry("nostrictatime", new long[] {0, MS_STRICTATIME}),
            Map.entry("bind", new long[] {MS_BIND, 0}), Map.entry("rbind", new long[] {MS_BIND | MS_REC, 0}));

    private static final Map<String, Long> PROPAGATION = Map.of(
            "private", MS_PRIVATE, "rprivate", MS_PRIVATE | MS_REC, "slave", MS_SLAVE, "rslave", MS_SLAVE | MS_REC,
            "shared", MS_SHARED, "rshared", MS_SHARED | MS_REC, "unbindable", MS_UNBINDABLE,
            "runbindable", MS_UNBINDABLE | MS_REC);

    public static MountOptions parse(List<String> options, String type) {
        long flags = 0;
        long prop = 0;
        List<String> data = new ArrayList<>();
        for (String o : options) {
            long[] f = FLAGS.get(o);
            if (f != null) {
                flags = (flags | f[0]) & ~f[1];
            } else if (PROPAGATION.containsKey(o)) {
                prop |= PROPAGATION.get(o);
            } else {
                data.add(o);
            }
        }
        boolean bind = (flags & MS_BIND) != 0 || "bind".equals(type);
        if ("bind".equals(type)) {
            flags |= MS_BIND;
        }
        return new MountOptions(flags, prop, String.join(",", data), bind, (flags & MS_REC) != 0);
    }

    /** Flags that a bind mount only gets through a second, remounting call. */
    public long remountFlags() {
        return flags & ~(MS_BIND | MS_REC | MS_REMOUNT);
    }
}
