package dev.jrun.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Owner labels and the orphan rule, with a fake liveness probe. */
class OwnedContainersTest {
    @Test
    void thisProcessIsTheOwner() {
        Map<String, String> l = OwnedContainers.ownedByThisProcess();
        assertEquals(Long.toString(ProcessHandle.current().pid()), l.get(OwnedContainers.OWNER_PID));
        assertTrue(Long.parseLong(l.get(OwnedContainers.OWNER_START)) > 0);
        assertFalse(OwnedContainers.orphaned(l, dev.jrun.linux.ProcessSignals::alive), "this JVM is alive");
    }

    @Test
    void orphanedOnlyWhenTheNamedOwnerIsGone() {
        Map<String, String> owned = Map.of(OwnedContainers.OWNER_PID, "4242", OwnedContainers.OWNER_START, "1700000000000");
        assertTrue(OwnedContainers.orphaned(owned, (pid, start) -> false));
        assertFalse(OwnedContainers.orphaned(owned, (pid, start) -> pid == 4242 && start == 1700000000000L));
        assertFalse(OwnedContainers.orphaned(null, (pid, start) -> false), "no labels: not an API container");
        assertFalse(OwnedContainers.orphaned(Map.of("other", "x"), (pid, start) -> false));
        assertFalse(OwnedContainers.orphaned(Map.of(OwnedContainers.OWNER_PID, "me"), (pid, start) -> false),
                "a label someone else set is not ours to judge");
    }
}
