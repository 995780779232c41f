package dev.jrun.layer;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The file operations layer code needs beyond java.nio: device nodes, symlink-safe owners, times
 * and xattrs. Declared here so layer logic stays testable; implemented in {@code linux/}. Every
 * method acts on the path itself and never follows a symlink in its last component, except
 * {@link #chmod}, which callers use only on paths they created or checked. Failures throw an
 * IOException whose message carries the system's error text (e.g. "No space left on device").
 */
public interface FileSystemOps {
    /** Whether this process may chown, create device nodes and set trusted.* xattrs. */
    boolean privileged();

    /** Effective uid and gid: files this process creates get them. */
    int effectiveUid();

    int effectiveGid();

    /** The process umask, which new files' modes lose. */
    int umask();

    /** Creates a character device, block device or fifo. */
    void mknod(Path path, NodeType type, int permissions, int major, int minor) throws IOException;

    void lchown(Path path, int uid, int gid) throws IOException;

    /** Sets all 12 permission bits, including setuid, setgid and sticky. */
    void chmod(Path path, int mode) throws IOException;

    /** Sets atime and mtime (nanoseconds since the epoch) without following a symlink. */
    void setTimes(Path path, long atimeNanos, long mtimeNanos) throws IOException;

    void setXattr(Path path, String name, byte[] value) throws IOException;

    /** The xattr's value, empty if the file does not have it. */
    Optional<byte[]> getXattr(Path path, String name) throws IOException;

    List<String> listXattrs(Path path) throws IOException;

    /**
     * Creates the regular file {@code path}, which must not exist (a symlink there is not followed:
     * FileAlreadyExistsException), with {@code permissions} minus the umask, open for writing.
     */
    default NewFile createFile(Path path, int permissions) throws IOException {
        return new ChannelFile(this, path, permissions);
    }

    /** Creates the symbolic link {@code path} pointing at {@code target}; it must not exist. */
    default void symlink(Path path, String target) throws IOException {
        java.nio.file.Files.createSymbolicLink(path, Path.of(target));
    }

    /** A regular file just made by {@link #createFile}: its content and metadata go through the open file. */
    interface NewFile extends java.io.Closeable {
        void write(byte[] b, int off, int len) throws IOException;

        void chown(int uid, int gid) throws IOException;

        /** All 12 permission bits. */
        void chmod(int mode) throws IOException;

        void setTimes(long atimeNanos, long mtimeNanos) throws IOException;
    }

    /** Kinds of special file {@link #mknod} makes. */
    enum NodeType { CHAR_DEVICE, BLOCK_DEVICE, FIFO }
}
