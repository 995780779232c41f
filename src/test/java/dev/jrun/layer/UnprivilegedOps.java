package dev.jrun.layer;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** The real file operations, but reporting an unprivileged process (to test rootless paths as root). */
final class UnprivilegedOps implements FileSystemOps {
    private final FileSystemOps real;

    UnprivilegedOps(FileSystemOps real) {
        this.real = real;
    }

    @Override
    public boolean privileged() {
        return false;
    }

    @Override
    public int effectiveUid() {
        return real.effectiveUid();
    }

    @Override
    public int effectiveGid() {
        return real.effectiveGid();
    }

    @Override
    public int umask() {
        return real.umask();
    }

    @Override
    public void mknod(Path path, NodeType type, int permissions, int major, int minor) throws IOException {
        real.mknod(path, type, permissions, major, minor);
    }

    @Override
    public NewFile createFile(Path path, int permissions) throws IOException {
        return real.createFile(path, permissions);
    }

    @Override
    public void symlink(Path path, String target) throws IOException {
        real.symlink(path, target);
    }

    @Override
    public void lchown(Path path, int uid, int gid) throws IOException {
        real.lchown(path, uid, gid);
    }

    @Override
    public void chmod(Path path, int mode) throws IOException {
        real.chmod(path, mode);
    }

    @Override
    public void setTimes(Path path, long atimeNanos, long mtimeNanos) throws IOException {
        real.setTimes(path, atimeNanos, mtimeNanos);
    }

    @Override
    public void setXattr(Path path, String name, byte[] value) throws IOException {
        real.setXattr(path, name, value);
    }

    @Override
    public Optional<byte[]> getXattr(Path path, String name) throws IOException {
        return real.getXattr(path, name);
    }

    @Override
    public List<String> listXattrs(Path path) throws IOException {
        return real.listXattrs(path);
    }
}
