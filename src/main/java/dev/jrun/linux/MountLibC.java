package dev.jrun.linux;

import jnr.ffi.LibraryLoader;
import jnr.ffi.annotations.Out;

/** libc's mount functions (old and new mount API), bound lazily apart from {@link LibC}. */
public interface MountLibC {
    int mount(String source, String target, String fstype, long flags, String data);

    int umount2(String target, int flags);

    int fsopen(String fsname, int flags);

    int fsconfig(int fd, int cmd, String key, String value, int aux);

    int fsmount(int fd, int flags, int attrFlags);

    int move_mount(int fromDirfd, String fromPath, int toDirfd, String toPath, int flags);

    int open(String path, int flags, int mode);

    long read(int fd, @Out byte[] buf, long count);

    int close(int fd);

    String strerror(int errnum);

    int AT_FDCWD = -100;
    int O_PATH = 010000000;
    int O_DIRECTORY = 0200000;
    int O_CLOEXEC = 02000000;
    int O_NONBLOCK = 04000;
    int MNT_DETACH = 2;
    int FSOPEN_CLOEXEC = 1;
    int FSMOUNT_CLOEXEC = 1;
    int FSCONFIG_SET_FLAG = 0;
    int FSCONFIG_SET_STRING = 1;
    int FSCONFIG_SET_FD = 5;
    int FSCONFIG_CMD_CREATE = 6;
    int MOVE_MOUNT_F_EMPTY_PATH = 4;
    int EINVAL = 22;

    static MountLibC get() {
        return Holder.LIBC;
    }

    static int errno() {
        return jnr.ffi.Runtime.getRuntime(Holder.LIBC).getLastError();
    }

    /** Lazy holder: bound on first mount. */
    final class Holder {
        static final MountLibC LIBC = LibraryLoader.create(MountLibC.class).failImmediately().load("c");

        private Holder() {
        }
    }
}
