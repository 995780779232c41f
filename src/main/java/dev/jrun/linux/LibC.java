package dev.jrun.linux;

import jnr.ffi.LibraryLoader;
import jnr.ffi.annotations.In;
import jnr.ffi.annotations.Out;

/**
 * The few libc functions jrun's file and mount code needs that java.nio lacks. Kept small because
 * jnr-ffi binds an interface method by method at load time; loaded lazily through {@link #get()}.
 * No method has six 64-bit parameters (see DESIGN.md: such a binding crashed with jnr's asm stubs).
 */
public interface LibC {
    int mknod(String path, int mode, long dev);

    int lchown(String path, int uid, int gid);

    int chmod(String path, int mode);

    /** times: {atime sec, atime nsec, mtime sec, mtime nsec}. */
    int utimensat(int dirfd, String path, @In long[] times, int flags);

    int lsetxattr(String path, String name, @In byte[] value, long size, int flags);

    long lgetxattr(String path, String name, @Out byte[] value, long size);

    long llistxattr(String path, @Out byte[] list, long size);

    int mount(String source, String target, String fstype, long flags, String data);

    int umount2(String target, int flags);

    int fsopen(String fsname, int flags);

    int fsconfig(int fd, int cmd, String key, String value, int aux);

    int fsmount(int fd, int flags, int attrFlags);

    int move_mount(int fromDirfd, String fromPath, int toDirfd, String toPath, int flags);

    int open(String path, int flags, int mode);

    int close(int fd);

    int geteuid();

    String strerror(int errnum);

    int AT_FDCWD = -100;
    int AT_SYMLINK_NOFOLLOW = 0x100;
    int O_PATH = 010000000;
    int O_DIRECTORY = 0200000;
    int O_CLOEXEC = 02000000;
    int S_IFCHR = 0020000;
    int S_IFBLK = 0060000;
    int S_IFIFO = 0010000;
    int MNT_DETACH = 2;
    int FSOPEN_CLOEXEC = 1;
    int FSMOUNT_CLOEXEC = 1;
    int FSCONFIG_SET_FLAG = 0;
    int FSCONFIG_SET_STRING = 1;
    int FSCONFIG_SET_FD = 5;
    int FSCONFIG_CMD_CREATE = 6;
    int MOVE_MOUNT_F_EMPTY_PATH = 4;
    int ENODATA = 61;
    int ERANGE = 34;
    int ENOENT = 2;
    int EINVAL = 22;

    /** The bound library, loaded on first use. */
    static LibC get() {
        return Holder.LIBC;
    }

    /** errno of the last failed call on this thread. */
    static int errno() {
        return jnr.ffi.Runtime.getRuntime(Holder.LIBC).getLastError();
    }

    /** Linux's makedev for 64-bit dev_t. */
    static long makedev(long major, long minor) {
        return ((major & 0xfffff000L) << 32) | ((major & 0xfffL) << 8)
                | ((minor & 0xffffff00L) << 12) | (minor & 0xffL);
    }

    /** Lazy holder: the interface is bound only when first needed. */
    final class Holder {
        static final LibC LIBC = LibraryLoader.create(LibC.class).failImmediately().load("c");

        private Holder() {
        }
    }
}
