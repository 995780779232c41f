package dev.jrun.linux;

import java.util.Map;

/** errno numbers (asm-generic/errno-base.h, errno.h) as "EPERM (Operation not permitted)". */
public final class Errno {
    public static final int EPERM = 1;
    public static final int ENOENT = 2;
    public static final int EINTR = 4;
    public static final int EACCES = 13;
    public static final int EBUSY = 16;
    public static final int EEXIST = 17;
    public static final int EINVAL = 22;
    public static final int ENOSYS = 38;

    private static final Map<Integer, String> NAMES = Map.ofEntries(
            Map.entry(1, "EPERM (Operation not permitted)"), Map.entry(2, "ENOENT (No such file or directory)"),
            Map.entry(3, "ESRCH (No such process)"), Map.entry(4, "EINTR (Interrupted system call)"),
            Map.entry(5, "EIO (Input/output error)"), Map.entry(7, "E2BIG (Argument list too long)"),
            Map.entry(8, "ENOEXEC (Exec format error)"), Map.entry(9, "EBADF (Bad file descriptor)"),
            Map.entry(10, "ECHILD (No child processes)"), Map.entry(11, "EAGAIN (Resource temporarily unavailable)"),
            Map.entry(12, "ENOMEM (Cannot allocate memory)"), Map.entry(13, "EACCES (Permission denied)"),
            Map.entry(14, "EFAULT (Bad address)"), Map.entry(16, "EBUSY (Device or resource busy)"),
            Map.entry(17, "EEXIST (File exists)"), Map.entry(18, "EXDEV (Invalid cross-device link)"),
            Map.entry(19, "ENODEV (No such device)"), Map.entry(20, "ENOTDIR (Not a directory)"),
            Map.entry(21, "EISDIR (Is a directory)"), Map.entry(22, "EINVAL (Invalid argument)"),
            Map.entry(23, "ENFILE (Too many open files in system)"), Map.entry(24, "EMFILE (Too many open files)"),
            Map.entry(26, "ETXTBSY (Text file busy)"), Map.entry(28, "ENOSPC (No space left on device)"),
            Map.entry(30, "EROFS (Read-only file system)"), Map.entry(36, "ENAMETOOLONG (File name too long)"),
            Map.entry(38, "ENOSYS (Function not implemented)"), Map.entry(40, "ELOOP (Too many levels of symbolic links)"),
            Map.entry(95, "EOPNOTSUPP (Operation not supported)"));

    private Errno() {
    }

    public static String describe(long errno) {
        return NAMES.getOrDefault((int) errno, "errno " + errno);
    }
}
