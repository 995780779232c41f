package dev.jrun.oci;

import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Container ids as runc takes them ([\w+\-.]+, not "." or ".."), checked without a Pattern. */
class StateDirTest {
    @Test
    void runcsIdCharactersPass() {
        StateDir.checkId("a-b_c.d+1");
        StateDir.checkId("libpod-0123456789abcdef");
        StateDir.checkId("...");
    }

    @Test
    void anythingElseIsRefused() {
        for (String bad : new String[] {"", ".", "..", "a/b", "a b", "ä", "a:b", "a\nb", "a\u0000b"}) {
            assertThrows(OciException.class, () -> StateDir.checkId(bad), bad);
        }
        assertThrows(OciException.class, () -> StateDir.checkId(null));
    }
}
