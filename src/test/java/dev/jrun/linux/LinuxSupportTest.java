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
