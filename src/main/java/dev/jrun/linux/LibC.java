package dev.jrun.linux;

import jnr.ffi.LibraryLoader;
import jnr.ffi.annotations.In;
import jnr.ffi.annotations.Out;

/**
 * The few libc functions jrun's file code needs that java.nio lacks. Kept small because
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

    int geteuid();

    int getegid();

    String strerror(int errnum);

    int AT_FDCWD = -100;
    int AT_SYMLINK_NOFOLLOW = 0x100;
    int S_IFCHR = 0020000;
    int S_IFBLK = 0060000;
    int S_IFIFO = 0010000;
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
