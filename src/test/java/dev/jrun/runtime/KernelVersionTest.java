package dev.jrun.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrun.JrunException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class KernelVersionTest {
    @ParameterizedTest
    @CsvSource({
        "'6.18.44-fc-v657\n', 6, 18, 44",
        "5.10.0-28-amd64, 5, 10, 0",
        "4.19.0, 4, 19, 0",
        "5.4, 5, 4, 0",
        "6.8.0-rc3+, 6, 8, 0",
        "3.10.0-1160.el7.x86_64, 3, 10, 0",
    })
    void parsesReleaseStrings(String release, int major, int minor, int patch) {
        KernelVersion v = KernelVersion.parse(release);
        assertEquals(major, v.major());
        assertEquals(minor, v.minor());
        assertEquals(patch, v.patch());
        assertEquals(release.strip(), v.release());
    }

    @Test
    void refusesGarbage() {
        JrunException e = assertThrows(JrunException.class, () -> KernelVersion.parse("linux"));
        assertTrue(e.getMessage().contains("'linux'"), e.getMessage());
    }

    @Test
    void featuresFollowTheKernelVersion() {
        KernelVersion k54 = KernelVersion.parse("5.4.0-150-generic");
        assertTrue(KernelFeature.CLONE3.availableOn(k54));
        assertTrue(KernelFeature.WAITID_P_PIDFD.availableOn(k54));
        assertFalse(KernelFeature.CLONE_INTO_CGROUP.availableOn(k54));
        assertFalse(KernelFeature.CLONE3.availableOn(KernelVersion.parse("4.19.0")));
        assertTrue(KernelFeature.OVERLAY_IN_USERNS.availableOn(KernelVersion.parse("6.1.0")));
        assertTrue(KernelVersion.parse("5.10.2").compareTo(KernelVersion.parse("5.9.30")) > 0);
        assertEquals("5.7", KernelFeature.CLONE_INTO_CGROUP.since());
    }
}
