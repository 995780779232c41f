package dev.jrun.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jrun.archive.TestArchives;
import dev.jrun.cli.CliRunner;
import dev.jrun.image.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * skopeo, umoci and podman as independent judges of what jrun writes, and podman's archives as input.
 * Tagged root: scripts/setup installs the peers and podman's storage wants root.
 */
@Tag("root")
class PeerInteropTest {
    @TempDir
    Path dir;

    CliRunner jrun;
    String id;

    @BeforeEach
    void load() throws Exception {
        jrun = new CliRunner(dir.resolve("store"));
        Path archive = dir.resolve("in.tar");
        Files.write(archive, TestArchives.busyboxLike("busybox:latest"));
        assertEquals(0, jrun.run("load", "-i", archive.toString()).exitCode());
        id = jrun.run("inspect", "-f", "{{.Id}}", "busybox").out().trim();
    }

    @Test
    void skopeoReadsTheStoreAndBothArchiveFormats() throws Exception {
        JsonNode store = Json.tree(Tools.ok(null, "skopeo", "inspect", "--config",
                "oci:" + dir.resolve("store") + ":docker.io/library/busybox:latest").getBytes(), "skopeo");
        assertEquals("sh", store.get("config").get("Cmd").get(0).asText());
        Path docker = dir.resolve("docker.tar");
        Path oci = dir.resolve("oci.tar");
        assertEquals(0, jrun.run("save", "-o", docker.toString(), "busybox").exitCode());
        assertEquals(0, jrun.run("save", "--format", "oci-archive", "-o", oci.toString(), "busybox").exitCode());
        for (String ref : new String[] {"docker-archive:" + docker, "oci-archive:" + oci}) {
            JsonNode cfg = Json.tree(Tools.ok(null, "skopeo", "inspect", "--config", ref).getBytes(), ref);
            assertEquals(2, cfg.get("rootfs").get("diff_ids").size(), ref);
            byte[] raw = Tools.ok(null, "skopeo", "inspect", "--raw", "--config", ref).getBytes(
                    java.nio.charset.StandardCharsets.UTF_8);
            assertEquals(id, dev.jrun.image.Digest.sha256(raw).toString(), ref + ": config bytes kept exactly");
        }
    }

    @Test
    void umociReadsTheStore() throws Exception {
        String tags = Tools.ok(null, "umoci", "ls", "--layout", dir.resolve("store").toString());
        assertTrue(tags.contains("docker.io/library/busybox:latest"), tags);
        String stat = Tools.ok(null, "umoci", "stat", "--image",
                dir.resolve("store") + ":docker.io/library/busybox:latest");
        assertTrue(stat.contains("CMD"), stat);
    }

    @Test
    void podmanLoadsWhatJrunSavesAndJrunLoadsWhatPodmanSaves() throws Exception {
        Path docker = dir.resolve("docker.tar");
        Path oci = dir.resolve("oci.tar");
        assertEquals(0, jrun.run("save", "-o", docker.toString(), "busybox").exitCode());
        assertEquals(0, jrun.run("save", "--format", "oci-archive", "-o", oci.toString(), "busybox").exitCode());
        try {
            assertTrue(Tools.ok(dir, Tools.podman(dir, "load", "-i", docker.toString())).contains("busybox:latest"));
            assertTrue(Tools.ok(dir, Tools.podman(dir, "load", "-i", oci.toString())).contains("busybox:latest"));
            String podmanId = Tools.ok(dir, Tools.podman(dir, "image", "inspect", "--format", "{{.Id}}",
                    "docker.io/library/busybox:latest")).trim();
            assertEquals(id, "sha256:" + podmanId);
            Path back = dir.resolve("podman-docker.tar");
            Path backOci = dir.resolve("podman-oci.tar");
            Tools.ok(dir, Tools.podman(dir, "save", "-o", back.toString(), "docker.io/library/busybox:latest"));
            Tools.ok(dir, Tools.podman(dir, "save", "--format", "oci-archive", "-o", backOci.toString(),
                    "docker.io/library/busybox:latest"));
            for (Path p : new Path[] {back, backOci}) {
                CliRunner other = new CliRunner(dir.resolve("store-" + p.getFileName()));
                CliRunner.Result r = other.run("load", "-i", p.toString());
                assertEquals(0, r.exitCode(), r.err());
                assertEquals("Loaded image: busybox:latest\n", r.out());
                assertEquals(id + "\n", other.run("inspect", "-f", "{{.Id}}", "busybox").out());
            }
        } finally {
            Tools.run(dir, java.util.List.of(Tools.podman(dir, "system", "reset", "--force")));
        }
    }
}
