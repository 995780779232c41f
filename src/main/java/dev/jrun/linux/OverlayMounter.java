package dev.jrun.linux;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Mounts a container rootfs as one overlayfs: image layers as lower dirs (top first), plus an
 * optional upper and work dir. When the classic option string would not fit in one page (many
 * layers, long paths) or a path holds a character the option syntax reserves, it uses the new
 * mount API (fsopen, fsconfig "lowerdir+" one layer at a time, fsmount, move_mount; kernel 6.8+),
 * passing a layer as an O_PATH descriptor when its path is too long for an fsconfig string.
 */
public final class OverlayMounter {
    /** The kernel copies mount(2)'s data argument into one page, including the final NUL. */
    static final int PAGE_LIMIT = 4095;
    /** fsconfig copies string values with strndup_user(value, 256). */
    static final int FSCONFIG_STRING_LIMIT = 255;

    /**
     * Mounts the overlay on {@code target}. With upper == null the mount is read-only (lower dirs
     * only, at least two of them then, or one with the kernel's single-lower support).
     */
    public void mount(List<Path> lowerTopFirst, Path upper, Path work, Path target) {
        mount(lowerTopFirst, upper, work, target, false);
    }

    /**
     * As {@link #mount(List, Path, Path, Path)}; with {@code volatileUpper} the overlay gets the
     * {@code volatile} option (Linux 5.10+): no sync of the upper dir's filesystem at unmount or on
     * syncfs, so unmounting costs ~0.25 ms instead of 1-13 ms here. Only for upper dirs that are thrown
     * away with the mount (a --rm container's): after a crash such an upper is unusable (the kernel
     * refuses to mount it again until its work/incompat/volatile is removed). A kernel that does not
     * know the option gets the plain mount.
     */
    public void mount(List<Path> lowerTopFirst, Path upper, Path work, Path target, boolean volatileUpper) {
        if (lowerTopFirst.isEmpty()) {
            throw new IllegalArgumentException("overlay on " + target + " needs at least one lower dir");
        }
        if ((upper == null) != (work == null)) {
            throw new IllegalArgumentException("overlay on " + target + ": upper and work dir go together");
        }
        boolean vol = volatileUpper && upper != null;
        String options = classicOptions(lowerTopFirst, upper, work);
        if (options != null && vol && (options + ",volatile").getBytes(StandardCharsets.UTF_8).length > PAGE_LIMIT) {
            vol = false; // the page is for the layers; the option is only a speed-up
        }
        if (options != null) {
            long r = vol ? classicMount(options + ",volatile", target) : -Errno.EINVAL;
            if (r == -Errno.EINVAL) {
                r = classicMount(options, target); // not asked for volatile, or a kernel before 5.10
            }
            if (r < 0) {
                throw new SyscallException("mount overlay on " + target + " (" + lowerTopFirst.size() + " layers)", (int) -r);
            }
            return;
        }
        mountWithFsconfig(lowerTopFirst, upper, work, target, vol);
    }

    /** mount(2) of an overlay: 0 or -errno. */
    private static long classicMount(String options, Path target) {
        // through jffi's invoker, already loaded for the launcher: binding MountLibC costs ~25 ms at start
        try (NativeMemory mem = new NativeMemory()) {
            long overlay = mem.cstring("overlay");
            return NativeCalls.syscall(Sys.MOUNT.nr(), overlay, mem.cstring(target.toString()), overlay, 0,
                    mem.cstring(options));
        }
    }

    /** Unmounts what {@link #mount} mounted (lazily detached if busy is not allowed: plain umount). */
    public void unmount(Path target) {
        try (NativeMemory mem = new NativeMemory()) {
            long r = NativeCalls.syscall(Sys.UMOUNT2.nr(), mem.cstring(target.toString()), 0, 0, 0);
            if (r < 0) {
                throw new SyscallException("umount " + target, -r);
            }
        }
    }

    /**
     * Unmounts target if it is a mount point; false when it is not one (umount2's EINVAL) or does not exist.
     * One syscall where reading mountinfo first costs milliseconds of a cold start.
     */
    public boolean unmountIfMounted(Path target) {
        try (NativeMemory mem = new NativeMemory()) {
            long r = NativeCalls.syscall(Sys.UMOUNT2.nr(), mem.cstring(target.toString()), 0, 0, 0);
            if (r == -Errno.EINVAL || r == -Errno.ENOENT) {
                return false;
            }
            if (r < 0) {
                throw new SyscallException("umount " + target, -r);
            }
            return true;
        }
    }

    /**
     * The mount(2) data string, or null when it does not fit in a page or a path needs escaping.
     */
    static String classicOptions(List<Path> lowerTopFirst, Path upper, Path work) {
        List<Path> all = new ArrayList<>(lowerTopFirst);
        if (upper != null) {
            all.add(upper);
            all.add(work);
        }
        for (Path p : all) {
            String s = p.toString();
            if (s.indexOf(',') >= 0 || s.indexOf(':') >= 0 || s.indexOf('\\') >= 0) {
                return null;
            }
        }
        StringBuilder sb = new StringBuilder("lowerdir=");
        for (int i = 0; i < lowerTopFirst.size(); i++) {
            sb.append(i == 0 ? "" : ":").append(lowerTopFirst.get(i));
        }
        if (upper != null) {
            sb.append(",upperdir=").append(upper).append(",workdir=").append(work);
        }
        String options = sb.toString();
        return options.getBytes(StandardCharsets.UTF_8).length <= PAGE_LIMIT ? options : null;
    }

    private void mountWithFsconfig(List<Path> lowers, Path upper, Path work, Path target, boolean vol) {
        MountLibC libc = MountLibC.get();
        String what = "mount overlay (" + lowers.size() + " layers) on " + target;
        int fs = libc.fsopen("overlay", MountLibC.FSOPEN_CLOEXEC);
        if (fs < 0) {
            throw failure(what + ": fsopen", -1);
        }
        try {
            for (Path lower : lowers) {
                setPath(libc, fs, "lowerdir+", lower, what);
            }
            if (upper != null) {
                setPath(libc, fs, "upperdir", upper, what);
                setPath(libc, fs, "workdir", work, what);
                // a kernel without the option refuses the flag: the mount goes on without it
                if (vol && libc.fsconfig(fs, MountLibC.FSCONFIG_SET_FLAG, "volatile", null, 0) != 0) {
                    vol = false;
                }
            }
            if (libc.fsconfig(fs, MountLibC.FSCONFIG_CMD_CREATE, null, null, 0) != 0) {
                throw failure(what + ": create", fs);
            }
            int mnt = libc.fsmount(fs, MountLibC.FSMOUNT_CLOEXEC, 0);
            if (mnt < 0) {
                throw failure(what + ": fsmount", fs);
            }
            try {
                if (libc.move_mount(mnt, "", MountLibC.AT_FDCWD, target.toString(), MountLibC.MOVE_MOUNT_F_EMPTY_PATH) != 0) {
                    throw failure(what + ": move_mount", -1);
                }
            } finally {
                libc.close(mnt);
            }
        } finally {
            libc.close(fs);
        }
    }

    private void setPath(MountLibC libc, int fs, String key, Path path, String what) {
        String s = path.toString();
        if (s.getBytes(StandardCharsets.UTF_8).length <= FSCONFIG_STRING_LIMIT) {
            if (libc.fsconfig(fs, MountLibC.FSCONFIG_SET_STRING, key, s, 0) != 0) {
                throw failure(what + ": " + key + " " + s, fs);
            }
            return;
        }
        int dir = libc.open(s, MountLibC.O_PATH | MountLibC.O_DIRECTORY | MountLibC.O_CLOEXEC, 0);
        if (dir < 0) {
            throw failure(what + ": open " + s, -1);
        }
        try {
            if (libc.fsconfig(fs, MountLibC.FSCONFIG_SET_FD, key, null, dir) != 0) {
                throw failure(what + ": " + key + " (by descriptor) " + s, fs);
            }
        } finally {
            libc.close(dir);
        }
    }

    /** Builds the error, adding the kernel's own message from the fs context log when there is one. */
    private static SyscallException failure(String what, int fsContext) {
        MountLibC libc = MountLibC.get();
        int errno = MountLibC.errno();
        String text = libc.strerror(errno);
        if (fsContext >= 0) {
            byte[] buf = new byte[512];
            long n = libc.read(fsContext, buf, buf.length);
            if (n > 0) {
                text += "; kernel says: " + new String(buf, 0, (int) n, StandardCharsets.UTF_8).trim();
            }
        }
        return new SyscallException(what, errno, text);
    }
}
