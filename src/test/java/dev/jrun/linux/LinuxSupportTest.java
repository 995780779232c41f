package dev.jrun.linux;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrun.image.ImageConfig.ContainerConfig;
import dev.jrun.runtime.RunOptions;
import dev.jrun.runtime.SpecBuilder;
import dev.jrun.runtime.spec.Spec;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LinuxSupportTest {
    @Test
    void kernelVersions() {
        assertArrayEquals(new int[] {6, 18}, LinuxSupport.version("6.18.44-fc-v657"));
        assertArrayEquals(new int[] {5, 4}, LinuxSupport.version("5.4.0-150-generic"));
        assertArrayEquals(new int[] {0, 0}, LinuxSupport.version("weird"));
    }

    /** The hand-written parsers read exactly what the regex splits they replace read. */
    @Test
    void handParsingMatchesTheRegexSplits() {
        for (String r : List.of("6.18.44-fc-v657", "5.4.0-150-generic", "weird", "", "6", "6.", "6.-", "6..1", ".6",
                "6-7", "6.x", "6.18", "10.2-rc1", "6.-1", "6.1.")) {
            int[] want;
            String[] p = r.split("[.-]");
            try {
                want = new int[] {Integer.parseInt(p[0]), p.length > 1 ? Integer.parseInt(p[1]) : 0};
            } catch (NumberFormatException e) {
                want = new int[] {0, 0};
            }
            assertArrayEquals(want, LinuxSupport.version(r), r);
        }
        for (String s : List.of("\t0\t0\t0\t0", " 1000 1001 1000 1000", "0 5", "  7\t\t8  ", "a b c")) {
            assertEquals(s.trim().split("\\s+")[1], LinuxSupport.secondWord(s), s);
        }
    }

    /** A status line is found by its whole key at a line's start, as the line-by-line reading found it. */
    @Test
    void statusFields() throws Exception {
        String status = "Name:\tjava\nUid:\t0\t1\t2\t3\nNoCapPrm:\tffff\nCapPrm:\t000001ffffffffff\nLast:\tx";
        assertEquals("\t000001ffffffffff", LinuxSupport.statusField(status, "CapPrm:"));
        assertEquals("\tjava", LinuxSupport.statusField(status, "Name:"));
        assertEquals("\tx", LinuxSupport.statusField(status, "Last:"));
        assertEquals(null, LinuxSupport.statusField(status, "Gid:"));
        String self = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/self/status"));
        for (String line : self.split("\n")) {
            if (line.startsWith("Uid:")) {
                assertEquals(Long.parseLong(line.substring(4).trim().split("\\s+")[1]), LinuxSupport.effectiveUid());
            }
            if (line.startsWith("CapPrm:")) {
                assertEquals(Long.parseUnsignedLong(line.substring(7).trim(), 16), LinuxSupport.permittedCaps());
            }
        }
    }

    @Test
    void procFilesAreReadWhole() {
        assertTrue(LinuxSupport.lastCap() >= 37, "cap_last_cap " + LinuxSupport.lastCap());
        assertTrue(LinuxSupport.permittedCaps() != -1L);
    }

    @Test
    void namespaceFlagsFollowTheSpec() {
        Spec none = SpecBuilder.build(ContainerConfig.empty(), RunOptions.defaults().withCommand(List.of("x")), "id",
                SpecBuilder.ImageFiles.none(), Map.of());
        long f = Launcher.namespaceFlags(none);
        assertEquals(Clone.CLONE_NEWNS | Clone.CLONE_NEWPID | Clone.CLONE_NEWUTS | Clone.CLONE_NEWIPC | Clone.CLONE_NEWNET, f);
        assertEquals("mount, PID, UTS, IPC, network", Launcher.describe(f));
        Spec host = SpecBuilder.build(ContainerConfig.empty(), RunOptions.defaults().withCommand(List.of("x"))
                .withNetwork("host"), "id", SpecBuilder.ImageFiles.none(), Map.of());
        assertEquals(0, Launcher.namespaceFlags(host) & Clone.CLONE_NEWNET);
    }
}
