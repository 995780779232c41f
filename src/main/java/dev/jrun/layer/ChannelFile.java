package dev.jrun.layer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;

/** {@link FileSystemOps.NewFile} over a FileChannel, metadata by path: the portable default. */
final class ChannelFile implements FileSystemOps.NewFile {
    private static final Set<StandardOpenOption> CREATE = Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    private final FileSystemOps ops;
    private final Path path;
    private final FileChannel channel;

    ChannelFile(FileSystemOps ops, Path path, int permissions) throws IOException {
        this.ops = ops;
        this.path = path;
        this.channel = FileChannel.open(path, CREATE,
                java.nio.file.attribute.PosixFilePermissions.asFileAttribute(Modes.permissions(permissions)));
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        ByteBuffer chunk = ByteBuffer.wrap(b, off, len);
        while (chunk.hasRemaining()) {
            channel.write(chunk);
        }
    }

    @Override
    public void chown(int uid, int gid) throws IOException {
        ops.lchown(path, uid, gid);
    }

    @Override
    public void chmod(int mode) throws IOException {
        ops.chmod(path, mode);
    }

    @Override
    public void setTimes(long atimeNanos, long mtimeNanos) throws IOException {
        ops.setTimes(path, atimeNanos, mtimeNanos);
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
