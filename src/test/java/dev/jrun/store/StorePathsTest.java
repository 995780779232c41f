package dev.jrun.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class StorePathsTest {
    @Test
    void aContainersDirIsItsStoresAndItsIdsWhateverWasAskedBefore() {
        StorePaths a = new StorePaths(Path.of("/a"));
        StorePaths b = new StorePaths(Path.of("/b"));
        String x = "1".repeat(64);
        String y = "2".repeat(64);
        for (int i = 0; i < 2; i++) { // the last one asked for is remembered: ask across stores and ids
            assertEquals(Path.of("/a/containers/" + x), a.container(x));
            assertEquals(Path.of("/a/containers/" + x), a.container(new String(x)));
            assertEquals(Path.of("/b/containers/" + x), b.container(x));
            assertEquals(Path.of("/b/containers/" + y), b.container(y));
            assertEquals(Path.of("/a/containers/" + y + "/config.json"), a.containerConfig(y));
            assertEquals(Path.of("/a/containers/" + y), new StorePaths(Path.of("/a")).container(y));
        }
    }
}
