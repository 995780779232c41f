package dev.jrun.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MountOptionsAndPathsTest {
    @Test
    void optionsSplitIntoFlagsPropagationAndData() {
        MountOptions o = MountOptions.parse(List.of("nosuid", "noexec", "mode=755", "size=65536k", "rprivate"), "tmpfs");
        assertEquals(MountOptions.MS_NOSUID | MountOptions.MS_NOEXEC, o.flags());
        assertEquals(MountOptions.MS_PRIVATE | MountOptions.MS_REC, o.propagation());
        assertEquals("mode=755,size=65536k", o.data());
        assertFalse(o.bind());
        MountOptions b = MountOptions.parse(List.of("rbind", "ro"), "bind");
        assertTrue(b.bind() && b.recursive());
        assertEquals(MountOptions.MS_RDONLY, b.remountFlags());
        MountOptions rw = MountOptions.parse(List.of("ro", "rw"), "none");
        assertEquals(0, rw.flags());
    }

    @Test
    void pathsResolveInsideTheRootfs(@TempDir Path root) throws Exception {
        Files.createDirectories(root.resolve("usr/bin"));
        Files.createSymbolicLink(root.resolve("bin"), Path.of("usr/bin"));
        Files.createSymbolicLink(root.resolve("escape"), Path.of("/etc"));
        Files.createSymbolicLink(root.resolve("up"), Path.of("../../../../etc"));
        Files.createSymbolicLink(root.resolve("loop"), Path.of("loop"));
        assertEquals(root.resolve("usr/bin/sh"), RootfsPaths.resolve(root, "/bin/sh"));
        assertEquals(root.resolve("etc/passwd"), RootfsPaths.resolve(root, "/escape/passwd"));
        assertEquals(root.resolve("etc"), RootfsPaths.resolve(root, "/up"));
        assertEquals(root.resolve("a/c"), RootfsPaths.resolve(root, "/a/b/../c"));
        assertThrows(dev.jrun.JrunException.class, () -> RootfsPaths.resolve(root, "/loop/x"));
        for (String s : new String[] {"/a/b", "/a//b", "/a/b/", "//a///b//", "/"}) {
            assertEquals(Path.of(s).toString(), ContainerSteps.normalized(s), s);
        }
        // a missing directory is not looked into, but a ".." after it climbs back to where links count again
        assertEquals(root.resolve("missing/bin/sh"), RootfsPaths.resolve(root, "/missing/bin/sh"));
        assertEquals(root.resolve("usr/bin/sh"), RootfsPaths.resolve(root, "/missing/../bin/sh"));
        assertEquals(root.resolve("usr/bin/sh"), RootfsPaths.resolve(root, "/missing/deeper/../../bin/sh"));
    }

    /** One resolver for many paths: what it found first (a link, a directory, a file, nothing) it keeps saying. */
    @Test
    void aResolverTellsWhatItFound(@TempDir Path root) throws Exception {
        Files.createDirectories(root.resolve("usr/bin"));
        Files.writeString(root.resolve("usr/bin/sh"), "x");
        Files.createSymbolicLink(root.resolve("bin"), Path.of("/usr/bin"));
        Files.createSymbolicLink(root.resolve("sbin"), Path.of("bin"));
        try (RootfsPaths.Resolver r = new RootfsPaths.Resolver(root)) {
            assertEquals(root.resolve("usr/bin/sh"), r.resolve("/sbin/sh"));
            assertEquals(RootfsPaths.Resolver.S_IFREG, r.lastType());
            assertEquals(root.resolve("usr/bin"), r.resolve("bin"));
            assertEquals(RootfsPaths.Resolver.S_IFDIR, r.lastType());
            assertEquals(root, r.resolve("/"));
            assertEquals(RootfsPaths.Resolver.S_IFDIR, r.lastType());
            assertEquals(root.resolve("usr/none/x"), r.resolve("/bin/../none/x"));
            assertEquals(0, r.lastType());
            assertEquals(RootfsPaths.Resolver.S_IFLNK, r.type("bin"));
            assertEquals(RootfsPaths.Resolver.S_IFDIR, r.type("usr"));
            assertEquals(0, r.type("nothing/here"));
            // stat, not lstat, of a host path: a link to a directory is a directory
            assertEquals(RootfsPaths.Resolver.S_IFDIR, r.statType(root.resolve("bin").toString()));
            assertEquals(0, r.statType(root.resolve("none").toString()));
        }
    }

    @Test
    void executablesAreFoundInThePath(@TempDir Path root) throws Exception {
        Path tool = Files.createDirectories(root.resolve("usr/local/bin")).resolve("tool");
        Files.writeString(tool, "#!/bin/sh\n");
        Files.setPosixFilePermissions(tool, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.writeString(Files.createDirectories(root.resolve("bin")).resolve("data"), "x");
        List<String> env = List.of("PATH=/usr/bin:/usr/local/bin");
        assertEquals("/usr/local/bin/tool", RootfsPaths.executable(root, "tool", env));
        assertEquals("./x", RootfsPaths.executable(root, "./x", env));
        RootfsPaths.ExecutableNotFoundException e = assertThrows(RootfsPaths.ExecutableNotFoundException.class,
                () -> RootfsPaths.executable(root, "data", List.of("PATH=/bin")));
        assertEquals("exec: \"data\": executable file not found in $PATH", e.getMessage());
        assertEquals(127, e.exitCode());
    }
}
