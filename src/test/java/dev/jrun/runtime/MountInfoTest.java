package dev.jrun.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrun.JrunException;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class MountInfoTest {
    @Test
    void parsesTheExampleOfProcFiveWithOptionalFields() {
        MountInfo m = MountInfo.parse("36 35 98:0 /mnt1 /mnt2 rw,noatime master:1 shared:2 - ext3 /dev/root"
                + " rw,errors=continue\n").get(0);
        assertEquals(new MountInfo(36, 35, "98:0", "/mnt1", "/mnt2", List.of("rw", "noatime"), "ext3", "/dev/root",
                List.of("rw", "errors=continue")), m);
    }

    @Test
    void parsesEveryLineOfASample() {
        List<MountInfo> all = MountInfo.parse(CgroupLayoutTest.HYBRID);
        assertEquals(14, all.size());
        assertEquals("cgroup2", all.get(13).fsType());
        assertEquals("/sys/fs/cgroup/unified", all.get(13).mountPoint());
    }

    @ParameterizedTest
    @CsvSource({
        "/a\\040b,/a b",
        "/tab\\011x,/tab\tx",
        "/back\\134slash,/back\\slash",
        "/plain,/plain",
        "/not\\08octal,/not\\08octal",
        "/short\\04,/short\\04",
    })
    void unescapesOctalSequences(String raw, String expected) {
        assertEquals(expected, MountInfo.unescape(raw));
    }

    @Test
    void refusesALineWithoutSeparator() {
        JrunException e = assertThrows(JrunException.class,
                () -> MountInfo.parse("27 1 254:0 / / rw,relatime ext4 /dev/vda rw\n"));
        assertTrue(e.getMessage().contains("mountinfo line 1"), e.getMessage());
    }
}
