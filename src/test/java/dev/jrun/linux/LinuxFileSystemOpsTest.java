package dev.jrun.linux;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrun.layer.FileSystemOps;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each libc binding, called for real (DESIGN.md: test every jnr binding). */
class LinuxFileSystemOpsTest {
    @TempDir
    Path tmp;
    private final LinuxFileSystemOps ops = new LinuxFileSystemOps();

    @Test
    void identityAndUmask() throws IOException {
        assertEquals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"), ops.effectiveUid());
        assertEquals(Files.getAttribute(Path.of("/proc/self"), "unix:gid"), ops.effectiveGid());
        assertEquals(ops.effectiveUid() == 0, ops.privileged());
        assertTrue(ops.umask() >= 0 && ops.umask() <= 0777);
    }

    @Test
    void chmodSetsSpecialBits() throws IOException {
        Path f = Files.writeString(tmp.resolve("f"), "x");
        ops.chmod(f, 07755);
        assertEquals(0107755, Files.getAttribute(f, "unix:mode"));
    }

    @Test
    void setTimesKeepsNanosecondsAndDoesNotFollowSymlinks() throws IOException {
        Path f = Files.writeString(tmp.resolve("f"), "x");
        Path l = Files.createSymbolicLink(tmp.resolve("l"), f);
        FileTime before = Files.getLastModifiedTime(f);
        ops.setTimes(l, 1_500_000_000_123_456_789L, 1_600_000_000_987_654_321L);
        assertEquals(FileTime.from(1_600_000_000_987_654_321L, TimeUnit.NANOSECONDS),
                Files.getLastModifiedTime(l, LinkOption.NOFOLLOW_LINKS));
        assertEquals(FileTime.from(1_500_000_000_123_456_789L, TimeUnit.NANOSECONDS),
                Files.getAttribute(l, "lastAccessTime", LinkOption.NOFOLLOW_LINKS));
        assertEquals(before, Files.getLastModifiedTime(f));
    }

    @Test
    void xattrsRoundTrip() throws IOException {
        Path f = Files.writeString(tmp.resolve("f"), "x");
        assertEquals(Optional.empty(), ops.getXattr(f, "user.none"));
        byte[] big = new byte[3000];
        java.util.Arrays.fill(big, (byte) 'b');
        ops.setXattr(f, "user.a", "1".getBytes());
        ops.setXattr(f, "user.big", big);
        assertArrayEquals(big, ops.getXattr(f, "user.big").orElseThrow());
        assertTrue(ops.listXattrs(f).containsAll(java.util.List.of("user.a", "user.big")));
        FileSystemException e = assertThrows(FileSystemException.class, () -> ops.setXattr(tmp.resolve("missing"), "user.a", new byte[1]));
        assertTrue(e.getMessage().contains("No such file or directory"), e.getMessage());
        FileSystemException g = assertThrows(FileSystemException.class, () -> ops.getXattr(tmp.resolve("missing"), "user.a"));
        assertTrue(g.getMessage().contains("lgetxattr user.a") && g.getMessage().contains("No such file"), g.getMessage());
    }

    @Test
    void mknodMakesFifosAndWhiteouts() throws IOException {
        ops.mknod(tmp.resolve("fifo"), FileSystemOps.NodeType.FIFO, 0640, 0, 0);
        assertEquals(0010000 | (0640 & ~ops.umask()), Files.getAttribute(tmp.resolve("fifo"), "unix:mode"));
        ops.mknod(tmp.resolve("wh"), FileSystemOps.NodeType.CHAR_DEVICE, 0, 0, 0);
        Map<String, Object> a = Files.readAttributes(tmp.resolve("wh"), "unix:mode,rdev");
        assertEquals(0020000, a.get("mode"));
        assertEquals(0L, a.get("rdev"));
        assertThrows(FileAlreadyExistsException.class, () -> ops.mknod(tmp.resolve("wh"), FileSystemOps.NodeType.FIFO, 0600, 0, 0));
    }

    @Test
    @Tag("root")
    void devicesAndOwners() throws IOException {
        ops.mknod(tmp.resolve("loop"), FileSystemOps.NodeType.BLOCK_DEVICE, 0660, 7, 300);
        assertEquals(LibC.makedev(7, 300), Files.getAttribute(tmp.resolve("loop"), "unix:rdev"));
        assertEquals(0060000, (int) Files.getAttribute(tmp.resolve("loop"), "unix:mode") & 0170000);
        Path l = Files.createSymbolicLink(tmp.resolve("l"), tmp.resolve("loop"));
        ops.lchown(l, 123, 456);
        assertEquals(123, Files.getAttribute(l, "unix:uid", LinkOption.NOFOLLOW_LINKS));
        assertEquals(456, Files.getAttribute(l, "unix:gid", LinkOption.NOFOLLOW_LINKS));
        assertEquals(0, Files.getAttribute(tmp.resolve("loop"), "unix:uid"));
        ops.setXattr(tmp.resolve("loop"), "trusted.x", "t".getBytes());
        assertArrayEquals("t".getBytes(), ops.getXattr(tmp.resolve("loop"), "trusted.x").orElseThrow());
    }

    @Test
    void makedevMatchesGlibc() {
        assertEquals(0x103L, LibC.makedev(1, 3));
        assertEquals((7L << 8) | (300 & 0xff) | ((300L & ~0xffL) << 12), LibC.makedev(7, 300));
    }
}
