package dev.jrun.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrun.cli.CliRunner;
import dev.jrun.store.Image;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The step cache across builds: reuse, partial rebuilds, explanations, --no-cache, prune. */
class BuildCacheTest {
    @TempDir
    Path tmp;

    private static final String DOCKERFILE = """
            FROM base
            ARG VERSION=1
            COPY a.txt /app/a.txt
            ENV V=$VERSION
            COPY b.txt /app/
            CMD ["cat", "/app/a.txt"]
            """;

    private BuildFixture fixture() throws Exception {
        BuildFixture f = new BuildFixture(tmp);
        f.dockerfile(DOCKERFILE);
        f.write("a.txt", "a\n");
        f.write("b.txt", "b\n");
        return f;
    }

    private static long count(String out, String word) {
        return out.lines().filter(l -> l.contains(word)).count();
    }

    @Test
    void secondBuildIsFullyCachedWithTheSameImageId() throws Exception {
        BuildFixture f = fixture();
        CliRunner.Result first = f.build("-t", "app");
        assertEquals(0, first.exitCode(), first.err());
        assertEquals(0, count(first.out(), "Using cache"));
        Image one = f.image("app");
        CliRunner.Result second = f.build("-t", "app");
        assertEquals(0, second.exitCode(), second.err());
        assertEquals(5, count(second.out(), "Using cache"), second.out());
        assertEquals(one.id(), f.image("app").id());
        assertEquals(one.manifestDigest(), f.image("app").manifestDigest());
    }

    @Test
    void touchingOneCopiedFileRebuildsFromThatCopyOnlyAndSaysWhy() throws Exception {
        BuildFixture f = fixture();
        assertEquals(0, f.build("-t", "app").exitCode());
        Image before = f.image("app");
        // a new mtime alone is not a change
        Files.setLastModifiedTime(f.context.resolve("a.txt"), FileTime.fromMillis(1000));
        CliRunner.Result same = f.build("--progress", "plain", "-t", "app");
        assertEquals(5, count(same.out(), "CACHED"), same.out());
        f.write("b.txt", "changed\n");
        CliRunner.Result r = f.build("--progress", "plain", "-t", "app");
        assertEquals(0, r.exitCode(), r.err());
        assertEquals(3, count(r.out(), "CACHED"), r.out());
        assertTrue(r.out().contains("cache miss: file b.txt changed"), r.out());
        assertTrue(r.out().contains("cache miss: the step before it was rebuilt"), r.out());
        Image after = f.image("app");
        assertEquals(before.layerDigests().subList(0, 2), after.layerDigests().subList(0, 2), "earlier layers kept");
        assertNotEquals(before.layerDigests().get(2), after.layerDigests().get(2));
        assertEquals("changed\n", f.layer(after, -1).get("app/b.txt").content());
    }

    @Test
    void buildArgChangeMissesAtTheArgAndNamesIt() throws Exception {
        BuildFixture f = fixture();
        assertEquals(0, f.build("-t", "app").exitCode());
        CliRunner.Result r = f.build("--progress", "plain", "--build-arg", "VERSION=2", "-t", "app");
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("cache miss: ARG VERSION changed: \"1\" -> \"2\""), r.out());
        assertTrue(f.image("app").config().config().env().contains("V=2"));
    }

    @Test
    void modeChangeAndNewFileAreChanges() throws Exception {
        BuildFixture f = fixture();
        assertEquals(0, f.build("-t", "app").exitCode());
        Files.setPosixFilePermissions(f.context.resolve("a.txt"), PosixFilePermissions.fromString("rwxr-xr-x"));
        CliRunner.Result r = f.build("--progress", "plain", "-t", "app");
        assertTrue(r.out().contains("cache miss: file a.txt changed"), r.out());
        assertEquals(0755, f.layer(f.image("app"), 1).get("app/a.txt").mode());
    }

    @Test
    void instructionChangeIsExplained() throws Exception {
        BuildFixture f = fixture();
        assertEquals(0, f.build("-t", "app").exitCode());
        f.dockerfile(DOCKERFILE.replace("CMD [\"cat\", \"/app/a.txt\"]", "CMD [\"cat\", \"/app/b.txt\"]"));
        CliRunner.Result r = f.build("--progress", "plain", "-t", "app");
        assertTrue(r.out().contains("cache miss: the instruction changed (cached after the same parent: CMD"),
                r.out());
    }

    @Test
    void noCacheRebuildsEverythingAndPruneEmptiesTheCache() throws Exception {
        BuildFixture f = fixture();
        assertEquals(0, f.build("-t", "app").exitCode());
        CliRunner.Result r = f.build("--no-cache", "-t", "app");
        assertEquals(0, count(r.out(), "Using cache"), r.out());
        CliRunner.Result prune = f.cli.run("builder", "prune", "-f");
        assertEquals(0, prune.exitCode(), prune.err());
        assertTrue(prune.out().startsWith("Deleted build cache objects: "), prune.out());
        assertFalse(Files.exists(f.root.resolve("buildcache/entries")));
        CliRunner.Result again = f.build("-t", "app");
        assertEquals(0, count(again.out(), "Using cache"), again.out());
    }

    @Test
    void garbageCollectedCacheLayerIsRecreated() throws Exception {
        BuildFixture f = fixture();
        assertEquals(0, f.build("-t", "app").exitCode());
        Image img = f.image("app");
        assertEquals(0, f.cli.run("rmi", "app").exitCode());
        f.store().gc();
        assertFalse(f.store().blobs().exists(img.layerDigests().get(1)));
        CliRunner.Result r = f.build("--progress", "plain", "-t", "app");
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("was garbage-collected"), r.out());
        assertEquals(img.layerDigests(), f.image("app").layerDigests(), "the same layers are written again");
    }

    @Test
    void aRebuiltStepWritesTheSameLayerAtAnotherTime() throws Exception {
        BuildFixture f = fixture();
        f.dockerfile("""
                FROM base
                COPY a.txt /app/new/a.txt
                WORKDIR /srv/www
                COPY <<EOF /app/inline.txt
                hello
                EOF
                """);
        assertEquals(0, f.build("-t", "app").exitCode());
        Image first = f.image("app");
        // the made-up entries (/app, /app/new, /srv, /srv/www, inline.txt) must not take the clock's time
        long second = System.currentTimeMillis() / 1000;
        while (System.currentTimeMillis() / 1000 == second) {
            Thread.sleep(50);
        }
        CliRunner.Result r = f.build("--no-cache", "-t", "app");
        assertEquals(0, r.exitCode(), r.err());
        assertEquals(first.layerDigests(), f.image("app").layerDigests());
        BuildFixture.Entry dir = f.layer(first, 1).get("app/new");
        assertTrue(dir != null && dir.dir(), "the COPY layer holds its created parent");
    }

    @Test
    void concurrentBuildsShareTheCacheSafely() throws Exception {
        BuildFixture f = fixture();
        List<Thread> threads = new java.util.ArrayList<>();
        java.util.concurrent.atomic.AtomicInteger failures = new java.util.concurrent.atomic.AtomicInteger();
        for (int n = 0; n < 3; n++) {
            threads.add(new Thread(() -> {
                try {
                    var b = new Builder(f.store(), BuildProgress.quiet(), StepExecutor.unavailable("no"));
                    b.build(BuildOptions.of(f.context));
                } catch (RuntimeException e) {
                    failures.incrementAndGet();
                }
            }));
        }
        threads.forEach(Thread::start);
        for (Thread t : threads) {
            t.join();
        }
        assertEquals(0, failures.get());
        CliRunner.Result r = f.build("-t", "app");
        assertEquals(5, count(r.out(), "Using cache"), r.out());
    }
}
