package dev.jrun.oci;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Where a container's cgroup goes: config.json's cgroupsPath, else a default that tells --root apart. */
class OciCgroupTest {
    @Test
    void theDefaultRootKeepsRuncsPlainName() {
        OciCgroup c = OciCgroup.of(StateDir.DEFAULT_ROOT, "c1", null);
        assertEquals(new OciCgroup("jrun-runc", "c1"), c);
        assertEquals("jrun-runc/c1", c.path());
        assertEquals(c, OciCgroup.of(Path.of("/run/./jrun-runc/"), "c1", ""));
    }

    @Test
    void otherRootsGetTheirOwnStableName() {
        OciCgroup a = OciCgroup.of(Path.of("/tmp/a"), "c1", null);
        OciCgroup b = OciCgroup.of(Path.of("/tmp/b"), "c1", null);
        assertNotEquals(a, b);
        assertEquals("jrun-runc", a.parent());
        assertTrue(a.name().matches("c1-[0-9a-f]{8}"), a.name());
        assertEquals(a, OciCgroup.of(Path.of("/tmp/x/../a"), "c1", null));
        assertEquals(OciCgroup.rootHash(Path.of("/tmp/a")) , a.name().substring(3));
    }

    @Test
    void anAbsoluteCgroupsPathIsUsedAsGiven() {
        assertEquals(new OciCgroup("libpod_parent", "libpod-abc"), OciCgroup.of(Path.of("/r"), "abc", "/libpod_parent/libpod-abc"));
        assertEquals(new OciCgroup("default/x", "t1"), OciCgroup.of(Path.of("/r"), "t1", "//default//x/t1/"));
        OciCgroup top = OciCgroup.of(Path.of("/r"), "t1", "/box");
        assertEquals(new OciCgroup("", "box"), top);
        assertEquals("box", top.path());
    }

    @Test
    void badCgroupsPathsAreRefusedByName() {
        for (String bad : new String[] {"rel/x", "system.slice:docker:x", "/a/../x", "/a/./x", "/", "//"}) {
            OciException e = assertThrows(OciException.class, () -> OciCgroup.of(Path.of("/r"), "x", bad), bad);
            assertTrue(e.getMessage().startsWith("linux.cgroupsPath \"" + bad + "\""), e.getMessage());
        }
    }

    @Test
    void theStoredPathReadsBackAndOldStatesMeanTheOldDefault() {
        OciCgroup c = OciCgroup.of(Path.of("/r"), "x", "/p/q/x");
        assertEquals(c, OciCgroup.stored(c.path(), "x"));
        assertEquals(new OciCgroup("", "box"), OciCgroup.stored("box", "x"));
        assertEquals(new OciCgroup("jrun-runc", "x"), OciCgroup.stored(null, "x"));
        OciState s = new OciState("1.0.2", "x", 1, OciState.Status.created, "/b", "/b/rootfs", "t", null, 5L, "p/q/x");
        assertEquals(c, s.cgroupPath());
        assertEquals(null, s.printable().cgroup());
    }
}
