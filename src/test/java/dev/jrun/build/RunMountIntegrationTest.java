package dev.jrun.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrun.cli.CliRunner;
import dev.jrun.store.Image;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * RUN --mount for real (root): a cache mount keeps its files between builds and stays out of the
 * layer; a bind from the context or an earlier stage is seen and read-only; a tmpfs is a tmpfs; the
 * mount points leave no trace in the layer; --network none cuts RUN off; nothing stays mounted.
 */
@Tag("root")
class RunMountIntegrationTest {
    @TempDir
    Path tmp;

    private BuildFixture busybox() throws Exception {
        return BuildFixture.busybox(tmp);
    }

    @Test
    void cacheBindAndTmpfsMounts() throws Exception {
        BuildFixture f = busybox();
        Files.writeString(f.context.resolve("input.txt"), "from the context\n");
        f.dockerfile("""
                FROM busybox AS tools
                RUN mkdir -p /opt/tool && echo tool-v1 > /opt/tool/version
                FROM busybox
                WORKDIR /work
                RUN --mount=type=cache,target=/var/cache/app,id=appcache \\
                    echo run >> /var/cache/app/runs; wc -l < /var/cache/app/runs > /work/runs-seen
                RUN --mount=type=bind,source=input.txt,target=/mnt/in.txt cat /mnt/in.txt > copied; \\
                    (echo x > /mnt/in.txt) 2>/dev/null && echo writable > bind-mode || echo readonly > bind-mode
                RUN --mount=type=bind,from=tools,source=/opt/tool,target=tool cat tool/version > tool-version
                RUN --mount=type=tmpfs,target=/scratch,size=1m grep ' /scratch ' /proc/mounts | cut -d' ' -f3 > tmpfs-type; \\
                    echo junk > /scratch/junk
                """);
        CliRunner.Result r = f.build("--progress", "plain", "-t", "mounts");
        assertEquals(0, r.exitCode(), r.err() + r.out());
        Image img = f.image("mounts");
        int n = img.manifest().layers().size();
        Map<String, BuildFixture.Entry> cacheLayer = f.layer(img, n - 4);
        assertEquals("1\n", cacheLayer.get("work/runs-seen").content());
        assertFalse(cacheLayer.keySet().stream().anyMatch(p -> p.startsWith("var/cache/app")), cacheLayer.keySet().toString());
        Map<String, BuildFixture.Entry> bindLayer = f.layer(img, n - 3);
        assertEquals("from the context\n", bindLayer.get("work/copied").content());
        assertEquals("readonly\n", bindLayer.get("work/bind-mode").content());
        assertFalse(bindLayer.keySet().stream().anyMatch(p -> p.startsWith("mnt")), "no mount stub: " + bindLayer.keySet());
        assertEquals("tool-v1\n", f.layer(img, n - 2).get("work/tool-version").content());
        assertFalse(f.layer(img, n - 2).containsKey("work/tool/"), f.layer(img, n - 2).keySet().toString());
        Map<String, BuildFixture.Entry> tmpfsLayer = f.layer(img, n - 1);
        assertEquals("tmpfs\n", tmpfsLayer.get("work/tmpfs-type").content());
        assertFalse(tmpfsLayer.keySet().stream().anyMatch(p -> p.startsWith("scratch")), tmpfsLayer.keySet().toString());

        Files.writeString(f.context.resolve("input.txt"), "changed\n");
        CliRunner.Result again = f.build("--progress", "plain", "--no-cache", "-t", "mounts");
        assertEquals(0, again.exitCode(), again.err() + again.out());
        Image img2 = f.image("mounts");
        assertEquals("2\n", f.layer(img2, n - 4).get("work/runs-seen").content(), "the cache mount kept its file");
        assertEquals("changed\n", f.layer(img2, n - 3).get("work/copied").content());
        assertEquals(0, f.cli.run("builder", "prune").exitCode());
        assertFalse(Files.exists(tmp.resolve("store").resolve("buildcache/mounts")), "prune clears cache mounts");
        assertNothingMounted();
    }

    @Test
    void bindOfAChangedContextFileMissesTheCache() throws Exception {
        BuildFixture f = busybox();
        Files.writeString(f.context.resolve("input.txt"), "one\n");
        f.dockerfile("FROM busybox\nRUN --mount=target=/in,source=input.txt cat /in > /out\n");
        assertEquals(0, f.build("-t", "b1").exitCode());
        CliRunner.Result cached = f.build("--progress", "plain", "-t", "b1");
        assertTrue(cached.out().contains("CACHED"), cached.out());
        Files.writeString(f.context.resolve("input.txt"), "two\n");
        CliRunner.Result missed = f.build("--progress", "plain", "-t", "b1");
        assertEquals(0, missed.exitCode(), missed.err());
        assertEquals("two\n", f.layer(f.image("b1"), -1).get("out").content());
    }

    @Test
    void secretsAreSeenByTheCommandAndKeptOutOfTheImage() throws Exception {
        BuildFixture f = busybox();
        Path secret = Files.writeString(tmp.resolve("token.txt"), "s3cr3t-value");
        f.dockerfile("""
                FROM busybox
                RUN --mount=type=secret,id=tok (cat /run/secrets/tok; echo; stat -c %a /run/secrets/tok) > /seen
                RUN --mount=type=secret,id=tok,env=TOKEN echo "len ${#TOKEN}" > /env-seen
                RUN --mount=type=secret,id=absent test ! -e /run/secrets/absent && echo skipped > /optional
                """);
        CliRunner.Result r = f.build("--secret", "id=tok,src=" + secret, "-t", "secrets");
        assertEquals(0, r.exitCode(), r.err() + r.out());
        Image img = f.image("secrets");
        Map<String, BuildFixture.Entry> first = f.layer(img, -3);
        assertEquals("s3cr3t-value\n400\n", first.get("seen").content());
        assertFalse(first.keySet().stream().anyMatch(p -> p.startsWith("run/secrets")), first.keySet().toString());
        assertEquals("len 12\n", f.layer(img, -2).get("env-seen").content());
        assertEquals("skipped\n", f.layer(img, -1).get("optional").content());
        assertFalse(new String(f.store().blobs().read(img.id())).contains("s3cr3t"), "not in the config");

        f.dockerfile("FROM busybox\nRUN --mount=type=secret,id=missing,required true\n");
        CliRunner.Result missing = f.build("-t", "secrets2");
        assertEquals(1, missing.exitCode(), missing.out());
        assertTrue(missing.err().contains("secret missing is required") && missing.err().contains("--secret"),
                missing.err());
        assertNothingMounted();
    }

    @Test
    void networkNoneLeavesOnlyLoopback() throws Exception {
        BuildFixture f = busybox();
        f.dockerfile("""
                FROM busybox
                RUN --network=none ls /sys/class/net > /by-flag
                RUN ls /sys/class/net > /by-option
                """);
        CliRunner.Result r = f.build("--network", "none", "-t", "nonet");
        assertEquals(0, r.exitCode(), r.err() + r.out());
        Image img = f.image("nonet");
        assertEquals("lo\n", f.layer(img, -2).get("by-flag").content());
        assertEquals("lo\n", f.layer(img, -1).get("by-option").content());
        CliRunner.Result bad = f.build("--network", "mynet", "-t", "nonet2");
        assertEquals(125, bad.exitCode(), bad.out());
        assertTrue(bad.err().contains("network"), bad.err());
        assertNothingMounted();
    }

    private void assertNothingMounted() throws Exception {
        assertFalse(Files.readString(Path.of("/proc/self/mountinfo")).contains(tmp.toString()), "left mounted");
    }
}
