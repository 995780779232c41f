package dev.jrun.linux;

import dev.jrun.layer.FileSystemOps;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** {@link FileSystemOps} through libc (jnr-ffi). */
public final class LinuxFileSystemOps implements FileSystemOps {
    private static final int EEXIST = 17;
    private LibC libc;
    /** Effective uid, gid and umask, read at first use: a foreground run never asks (it unpacks nothing). */
    private volatile int[] creds;

    /** "Uid:\t0\t0\t0\t0" -> 0: the effective id, by hand (String.split with a regex costs ~2 ms at start). */
    private static int secondField(String line) {
        int i = line.indexOf('\t');
        int j = line.indexOf('\t', i + 1);
        int k = line.indexOf('\t', j + 1);
        return Integer.parseInt(line.substring(j + 1, k < 0 ? line.length() : k).trim());
    }

    /** libc is bound (~70 ms) only when a call needs it; the credentials come from /proc/self/status. */
    public LinuxFileSystemOps() {
    }

    /** The credentials; unlocked (an unpack's writer threads ask for every entry): a race only reads them twice. */
    private int[] creds() {
        int[] c = creds;
        if (c == null) {
            int[] ids = {-1, -1, 0777};
            try {
                for (String line : java.nio.file.Files.readAllLines(Path.of("/proc/self/status"))) {
                    if (line.startsWith("Uid:")) {
                        ids[0] = secondField(line);
                    } else if (line.startsWith("Gid:")) {
                        ids[1] = secondField(line);
                    } else if (line.startsWith("Umask:")) {
                        ids[2] = Integer.parseInt(line.substring(6).trim(), 8);
                    }
                }
            } catch (IOException | NumberFormatException e) {
                // fall through to libc below
            }
            if (ids[0] < 0) {
                ids[0] = libc().geteuid();
            }
            if (ids[1] < 0) {
                ids[1] = libc().getegid();
            }
            creds = ids;
            c = ids;
        }
        return c;
    }

    private synchronized LibC libc() {
        if (libc == null) {
            libc = LibC.get();
        }
        return libc;
    }

    @Override
    public int effectiveUid() {
        return creds()[0];
    }

    @Override
    public int effectiveGid() {
        return creds()[1];
    }

    @Override
    public int umask() {
        return creds()[2];
    }

    @Override
    public boolean privileged() {
        return creds()[0] == 0;
    }

    @Override
    public void mknod(Path path, NodeType type, int permissions, int major, int minor) throws IOException {
        int kind = switch (type) {
            case CHAR_DEVICE -> LibC.S_IFCHR;
            case BLOCK_DEVICE -> LibC.S_IFBLK;
            case FIFO -> LibC.S_IFIFO;
        };
        check(libc().mknod(path.toString(), kind | (permissions & 07777), LibC.makedev(major, minor)), "mknod", path);
    }

    /** openat with O_CREAT|O_EXCL|O_NOFOLLOW; content and metadata then go through the fd (fchown, fchmod, futimens). */
    @Override
    public NewFile createFile(Path path, int permissions) throws IOException {
        String name = path.toString();
        return new FdFile(AtCalls.createExclusive(name, permissions & 07777), name);
    }

    @Override
    public void symlink(Path path, String target) throws IOException {
        AtCalls.symlink(target, path.toString());
    }

    /** A file descriptor from {@link #createFile}. */
    private static final class FdFile implements NewFile {
        private final String path;
        private int fd;

        FdFile(int fd, String path) {
            this.fd = fd;
            this.path = path;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            AtCalls.writeFully(fd, b, off, len, path);
        }

        @Override
        public void chown(int uid, int gid) throws IOException {
            AtCalls.fchown(fd, uid, gid, path);
        }

        @Override
        public void chmod(int mode) throws IOException {
            AtCalls.fchmod(fd, mode, path);
        }

        @Override
        public void setTimes(long atimeNanos, long mtimeNanos) throws IOException {
            AtCalls.futimens(fd, atimeNanos, mtimeNanos, path);
        }

        @Override
        public void close() throws IOException {
            if (fd >= 0) {
                int f = fd;
                fd = -1;
                AtCalls.close(f, path);
            }
        }
    }

    @Override
    public void lchown(Path path, int uid, int gid) throws IOException {
        check(libc().lchown(path.toString(), uid, gid), "lchown", path);
    }

    @Override
    public void chmod(Path path, int mode) throws IOException {
        AtCalls.chmod(path.toString(), mode);
    }

    @Override
    public void setTimes(Path path, long atimeNanos, long mtimeNanos) throws IOException {
        AtCalls.setTimesNoFollow(path.toString(), atimeNanos, mtimeNanos);
    }

    @Override
    public void setXattr(Path path, String name, byte[] value) throws IOException {
        check(libc().lsetxattr(path.toString(), name, value, value.length, 0), "lsetxattr " + name, path);
    }

    @Override
    public Optional<byte[]> getXattr(Path path, String name) throws IOException {
        return Optional.ofNullable(AtCalls.lgetxattr(path.toString(), name));
    }

    @Override
    public List<String> listXattrs(Path path) throws IOException {
        byte[] buf = new byte[1024];
        long n;
        while ((n = libc().llistxattr(path.toString(), buf, buf.length)) < 0) {
            int errno = LibC.errno();
            if (errno != LibC.ERANGE || buf.length >= 1 << 20) {
                throw error("llistxattr", path, errno);
            }
            buf = new byte[buf.length * 8];
        }
        List<String> names = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < n; i++) {
            if (buf[i] == 0) {
                if (i > start) {
                    names.add(new String(buf, start, i - start, StandardCharsets.UTF_8));
                }
                start = i + 1;
            }
        }
        return names;
    }

    private void check(int rc, String op, Path path) throws IOException {
        if (rc != 0) {
            throw error(op, path, LibC.errno());
        }
    }

    private FileSystemException error(String op, Path path, int errno) {
        String reason = op + ": " + libc().strerror(errno) + " (errno " + errno + ")";
        return switch (errno) {
            case EEXIST -> new java.nio.file.FileAlreadyExistsException(path.toString(), null, reason);
            case LibC.ENOENT -> new java.nio.file.NoSuchFileException(path.toString(), null, reason);
            default -> new FileSystemException(path.toString(), null, reason);
        };
    }
}
