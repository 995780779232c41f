package dev.jrun.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The image's /etc/passwd and /etc/group are read only as regular files in a real /etc: links are never followed. */
class ImageFilesReadTest {
    @Test
    void regularFilesAreReadLinksAndMissingFilesAreNot(@TempDir Path tmp) throws Exception {
        Path rootfs = Files.createDirectories(tmp.resolve("rootfs/etc"));
        Files.writeString(rootfs.resolve("passwd"), "root:x:0:0:root:/root:/bin/sh\n");
        Path host = Files.writeString(tmp.resolve("hostgroup"), "secret:x:0:\n");
        Files.createSymbolicLink(rootfs.resolve("group"), host);
        Path image = tmp.resolve("rootfs");
        assertEquals("root:x:0:0:root:/root:/bin/sh\n", ContainerRunner.readImageFile(image, "passwd"));
        assertNull(ContainerRunner.readImageFile(image, "group"), "a link to a host file");
        assertNull(ContainerRunner.readImageFile(image, "shadow"), "missing");

        Path other = Files.createDirectories(tmp.resolve("other"));
        Files.createSymbolicLink(other.resolve("etc"), rootfs);
        assertNull(ContainerRunner.readImageFile(other, "passwd"), "/etc is a link");
        assertNull(ContainerRunner.readImageFile(tmp.resolve("nothing"), "passwd"), "no /etc at all");
    }
}
