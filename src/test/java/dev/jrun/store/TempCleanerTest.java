package dev.jrun.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class TempCleanerTest {
    @Test
    void ownerPidIsReadFromTempNames() {
        assertEquals(1234, TempCleaner.ownerPid("blob-1234-abc"));
        assertEquals(7, TempCleaner.ownerPid("layer-7-x.tmp"));
        assertEquals(-1, TempCleaner.ownerPid("blob-12a-x"));
        assertEquals(-1, TempCleaner.ownerPid("blob-1234"));
        assertEquals(-1, TempCleaner.ownerPid("-1234-x"));
        assertEquals(-1, TempCleaner.ownerPid("Blob-1-x"));
        assertEquals(-1, TempCleaner.ownerPid("blob--x"));
        assertEquals(-1, TempCleaner.ownerPid("blob-12345678901234567890-x"));
        assertEquals(-1, TempCleaner.ownerPid(""));
    }
}
