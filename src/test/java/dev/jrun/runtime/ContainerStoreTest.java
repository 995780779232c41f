package dev.jrun.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrun.JrunException;
import dev.jrun.store.StorePaths;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContainerStoreTest {
    @TempDir
    Path root;

    static ContainerRecord draft(String id, String name) {
        return new ContainerRecord(id, name == null ? "placeholder" : name, "sha256:" + "a".repeat(64), "busybox",
                "2024-01-01T00:00:00Z", "sh", List.of("-c", "true"), List.of("PATH=/bin"), "/", null, null, null,
                null, null, false);
    }

    @Test
    void createGivesADockerStyleNameAndDirectories() {
        ContainerStore s = new ContainerStore(new StorePaths(root));
        String id = ContainerStore.newId();
        ContainerRecord d = draft(id, null);
        Container c = s.create(d.withName(""));
        assertTrue(c.name().matches("[a-z]+_[a-z]+\\d?"), c.name());
        assertTrue(Files.isDirectory(root.resolve("containers/" + id + "/upper")));
        assertTrue(Files.isDirectory(root.resolve("containers/" + id + "/work")));
        assertEquals(ContainerStatus.CREATED, s.resolve(c.name()).state().status());
        assertEquals("sh -c true", c.record().command());
    }

    @Test
    void resolveByNameIdAndUniquePrefix() {
        ContainerStore s = new ContainerStore(new StorePaths(root));
        String a = "ab" + "0".repeat(62);
        String b = "ac" + "0".repeat(62);
        s.create(draft(a, "web"));
        s.create(draft(b, "db"));
        assertEquals(a, s.resolve("web").id());
        assertEquals(a, s.resolve("/web").id());
        assertEquals(b, s.resolve("ac").id());
        assertEquals(a, s.resolve(a).id());
        JrunException amb = assertThrows(JrunException.class, () -> s.resolve("a"));
        assertTrue(amb.getMessage().contains("multiple containers"), amb.getMessage());
        assertThrows(NoSuchContainerException.class, () -> s.resolve("nosuch"));
    }

    @Test
    void anUnreadableStateReadsAsLostNotAsAnError() throws Exception {
        // state.json is written without fsync: after a power loss it may be empty
        ContainerStore s = new ContainerStore(new StorePaths(root));
        String a = ContainerStore.newId();
        s.create(draft(a, "web"));
        Files.write(root.resolve("containers/" + a + "/state.json"), new byte[0]);
        Container c = s.resolve("web");
        assertEquals(ContainerStatus.EXITED, c.state().status());
        assertEquals(125, c.state().exitCode());
        assertTrue(c.state().error().startsWith("state lost: "), c.state().error());
        assertEquals(1, s.list().size(), "still listed, so that rm can remove it");
    }

    @Test
    void aNameInUseIsRefusedNamingTheHolder() {
        ContainerStore s = new ContainerStore(new StorePaths(root));
        String a = ContainerStore.newId();
        s.create(draft(a, "web"));
        JrunException e = assertThrows(JrunException.class, () -> s.create(draft(ContainerStore.newId(), "web")));
        assertTrue(e.getMessage().contains("\"/web\" is already in use by container \"" + a + "\""), e.getMessage());
        assertEquals(1, s.list().size());
    }

    @Test
    void parallelCreatesOfOneNameLetExactlyOneWin() throws Exception {
        ContainerStore s = new ContainerStore(new StorePaths(root));
        ExecutorService pool = Executors.newFixedThreadPool(8);
        AtomicInteger won = new AtomicInteger();
        List<Future<?>> fs = new java.util.ArrayList<>();
        for (int i = 0; i < 16; i++) {
            fs.add(pool.submit(() -> {
                try {
                    s.create(draft(ContainerStore.newId(), "same"));
                    won.incrementAndGet();
                } catch (JrunException e) {
                    assertTrue(e.getMessage().contains("already in use"), e.getMessage());
                }
            }));
        }
        for (Future<?> f : fs) {
            f.get();
        }
        pool.shutdown();
        assertEquals(1, won.get());
        assertEquals(1, s.list().size());
    }

    /**
     * Listing takes no lock: while other threads create and delete containers it sees each one whole or not at
     * all, and never fails on a config.json that lands or goes meanwhile (stop 8's CI failure).
     */
    @Test
    void listingWhileOthersCreateAndDeleteNeverFails() throws Exception {
        ContainerStore s = new ContainerStore(new StorePaths(root));
        ExecutorService pool = Executors.newFixedThreadPool(3);
        java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
        List<Future<?>> writers = new java.util.ArrayList<>();
        for (int w = 0; w < 2; w++) {
            writers.add(pool.submit(() -> {
                while (!stop.get()) {
                    String id = ContainerStore.newId();
                    s.create(draft(id, null).withName(""));
                    s.delete(id);
                }
                return null;
            }));
        }
        int seen = 0;
        try {
            for (int i = 0; i < 3000 && seen < 300; i++) {
                for (Container c : s.list()) {
                    assertEquals("sh -c true", c.record().command());
                    seen++;
                }
            }
        } finally {
            stop.set(true);
            for (Future<?> f : writers) {
                f.get();
            }
            pool.shutdown();
        }
        assertTrue(seen > 0, "the listing met containers while they came and went");
    }

    @Test
    void deleteRemovesEverythingAndHalfCreatedDirsAreNotListed() throws Exception {
        ContainerStore s = new ContainerStore(new StorePaths(root));
        String id = ContainerStore.newId();
        s.create(draft(id, "gone"));
        Files.writeString(root.resolve("containers/" + id + "/upper/file"), "x");
        s.delete(id);
        assertFalse(Files.exists(root.resolve("containers/" + id)));
        Files.createDirectories(root.resolve("containers/" + ContainerStore.newId() + "/upper"));
        assertTrue(s.list().isEmpty(), "a directory without config.json is an unfinished create");
    }

    @Test
    void stateRoundTrips() {
        ContainerStore s = new ContainerStore(new StorePaths(root));
        String id = ContainerStore.newId();
        s.create(draft(id, "st"));
        s.saveState(id, ContainerState.created().running(42, 1234, "boot", "2024-01-01T00:00:01Z").exited(3,
                "2024-01-01T00:00:02Z"));
        ContainerState st = s.resolve("st").state();
        assertEquals(ContainerStatus.EXITED, st.status());
        assertEquals(3, st.exitCode());
        assertEquals("2024-01-01T00:00:01Z", st.startedAt());
    }
    @Test
    void aCreateKilledBeforeItsConfigIsSweptAndFinishedContainersStay() throws Exception {
        ContainerStore s = new ContainerStore(new StorePaths(root));
        String done = ContainerStore.newId();
        s.create(draft(done, "done"));
        // what a create killed between its directories and config.json leaves
        String killed = ContainerStore.newId();
        Path dir = root.resolve("containers/" + killed);
        Files.createDirectories(dir.resolve("upper"));
        Files.createDirectories(dir.resolve("work/work"));
        Files.writeString(dir.resolve("state.json"), "{\"status\":\"created\"}");
        Files.createDirectories(root.resolve("containers/not-an-id")); // not ours to judge: left alone
        // a --rm container's config.json is written without fsync: a power loss can leave it empty
        String lost = ContainerStore.newId();
        ContainerRecord d = draft(lost, "lost");
        s.create(new ContainerRecord(d.id(), d.name(), d.image(), d.imageName(), d.created(), d.path(), d.args(),
                d.env(), d.workingDir(), d.user(), d.hostname(), d.labels(), d.stopSignal(), d.layers(), true));
        Files.write(root.resolve("containers/" + lost + "/config.json"), new byte[0]);
        assertEquals(List.of(done), s.list().stream().map(Container::id).toList(), "an empty config.json is not listed");

        assertEquals(2, s.sweepUnfinished());
        assertFalse(Files.exists(dir));
        assertFalse(Files.exists(root.resolve("containers/" + lost)));
        assertTrue(Files.isDirectory(root.resolve("containers/not-an-id")));
        assertEquals(done, s.resolve("done").id());
        assertTrue(Files.isDirectory(root.resolve("containers/" + done + "/upper")));
        assertEquals(0, s.sweepUnfinished(), "nothing left to sweep");
    }
}
