package dev.jrun.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jrun.archive.TestArchives;
import dev.jrun.cli.CliRunner;
import dev.jrun.image.Digest;
import dev.jrun.image.ImageReference;
import dev.jrun.image.Json;
import dev.jrun.store.Image;
import dev.jrun.store.ImageStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Against Debian's docker-registry: push, pull, shared layers, skopeo as judge and as pusher, SIGKILL. */
@Tag("root")
class RegistryIntegrationTest {
    static final Path FIXTURE = Path.of("rootfs-fixtures/build/busybox.tar");

    @TempDir
    static Path shared;

    static RegistryServer server;

    @TempDir
    Path dir;

    @BeforeAll
    static void startRegistry() throws Exception {
        server = RegistryServer.start(shared.resolve("registry"));
    }

    @AfterAll
    static void stopRegistry() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    static String run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "timed out: " + String.join(" ", cmd));
        assertEquals(0, p.exitValue(), String.join(" ", cmd) + ":\n" + out);
        return out;
    }

    /** Layers of the generated base image, used when the busybox fixture is not built. */
    static List<byte[]> baseArchiveLayers() {
        return List.of(TestImages.layer("bin/busybox", "x".repeat(300_000)), TestImages.BASE);
    }

    @Test
    void pushPullSharedBaseAndSkopeoAgrees() throws Exception {
        String reg = server.host();
        CliRunner a = new CliRunner(dir.resolve("a"));
        ImageStore storeA = ImageStore.open(dir.resolve("a"));
        Image base;
        if (Files.isRegularFile(FIXTURE)) {
            assertEquals(0, a.run("load", "-i", FIXTURE.toString()).exitCode());
            base = storeA.resolve("busybox:latest");
            storeA.tag(base, ImageReference.parse(reg + "/it/base:1"));
        } else {
            base = TestImages.load(storeA, reg + "/it/base:1", baseArchiveLayers());
        }
        List<byte[]> extra = new ArrayList<>();
        for (Digest d : base.layerDigests()) {
            extra.add(storeA.blobs().read(d));
        }
        extra.add(TestImages.APP);
        Image app = TestImages.load(storeA, reg + "/it/app:1", extra);

        CliRunner.Result p1 = a.run("push", reg + "/it/base:1");
        assertEquals(0, p1.exitCode(), p1.err());
        CliRunner.Result p2 = a.run("push", reg + "/it/app:1");
        assertEquals(0, p2.exitCode(), p2.err());
        assertTrue(p2.out().contains("Mounted from it/base") || p2.out().contains("Layer already exists"), p2.out());
        CliRunner.Result again = a.run("push", reg + "/it/app:1");
        assertFalse(again.out().contains(": Pushed"), again.out());
        assertTrue(again.out().contains("Layer already exists"), again.out());

        JsonNode inspect = Json.tree(run("skopeo", "inspect", "--tls-verify=false", "docker://" + reg + "/it/app:1")
                .getBytes(StandardCharsets.UTF_8), "skopeo inspect");
        assertEquals(app.manifestDigest().toString(), inspect.path("Digest").asText());
        assertEquals(app.layerDigests().size(), inspect.path("Layers").size());
        String rawConfig = run("skopeo", "inspect", "--config", "--raw", "--tls-verify=false",
                "docker://" + reg + "/it/app:1");
        assertEquals(app.id(), Digest.sha256(rawConfig.getBytes(StandardCharsets.UTF_8)));

        CliRunner b = new CliRunner(dir.resolve("b"));
        CliRunner.Result l1 = b.run("pull", reg + "/it/base:1");
        assertEquals(0, l1.exitCode(), l1.err());
        CliRunner.Result l2 = b.run("pull", reg + "/it/app:1");
        assertEquals(0, l2.exitCode(), l2.err());
        for (Digest d : base.layerDigests()) {
            assertTrue(l2.out().contains(d.shortHex() + ": Already exists"), l2.out());
        }
        assertTrue(l2.out().contains(Digest.sha256(TestImages.APP).shortHex() + ": Pull complete"), l2.out());
        ImageStore storeB = ImageStore.open(dir.resolve("b"));
        assertEquals(app.id(), storeB.resolve(reg + "/it/app:1").id());
        assertEquals(base.id(), storeB.resolve(reg + "/it/base:1").id());
        assertEquals(app.manifestDigest(), storeB.resolve(reg + "/it/app:1").manifestDigest());
    }

    @Test
    void imagePushedBySkopeoPullsInJrun() throws Exception {
        String reg = server.host();
        Path archive = dir.resolve("img.tar");
        Files.write(archive, TestArchives.busyboxLike("skopeo/img:1"));
        run("skopeo", "copy", "--dest-tls-verify=false", "docker-archive:" + archive, "docker://" + reg + "/sk/img:1");
        ImageStore ref = ImageStore.open(dir.resolve("ref"));
        Image loaded = new dev.jrun.archive.ArchiveLoader(ref).load(Files.newInputStream(archive), "t").get(0);
        CliRunner c = new CliRunner(dir.resolve("c"));
        CliRunner.Result r = c.run("pull", reg + "/sk/img:1");
        assertEquals(0, r.exitCode(), r.err());
        ImageStore store = ImageStore.open(dir.resolve("c"));
        Image pulled = store.resolve(reg + "/sk/img:1");
        assertEquals(loaded.id(), pulled.id(), "same config, so same image id");
        for (Digest d : store.blobs().list()) {
            assertTrue(store.blobs().verify(d), d.toString());
        }
    }

    @Test
    void killedPullThenPullAgainLeavesAVerifiedStore() throws Exception {
        String reg = server.host();
        ImageStore src = ImageStore.open(dir.resolve("src"));
        Image big = BigImage.create(src, reg + "/it/big:1", 120 << 20);
        new Pusher(src, RegistryOptions.defaults()).push(big, ImageReference.parse(reg + "/it/big:1"),
                ProgressListener.NONE);
        Path root = dir.resolve("dst");
        ImageStore.open(root);
        int killedMidway = 0;
        for (int round = 0; round < 2; round++) {
            Process p = new ProcessBuilder(BigImage.jrunCommand(root, "pull", reg + "/it/big:1"))
                    .redirectErrorStream(true).redirectOutput(dir.resolve("child.log").toFile()).start();
            if (BigImage.waitForPartialBlob(root.resolve("tmp"), p, 30)) {
                killedMidway++;
            }
            p.destroyForcibly();
            p.waitFor();
            ImageStore s = ImageStore.open(root);
            assertTrue(s.list().isEmpty(), "a killed pull registers nothing");
            assertFalse(s.blobs().exists(big.layerDigests().get(0)), "no half layer in the store");
            for (Digest d : s.blobs().list()) {
                assertTrue(s.blobs().verify(d), "every blob in the store verifies: " + d);
            }
        }
        assertEquals(2, killedMidway, "both pulls were killed while writing the layer");
        CliRunner.Result r = new CliRunner(root).run("pull", reg + "/it/big:1");
        assertEquals(0, r.exitCode(), r.err());
        ImageStore s = ImageStore.open(root);
        assertEquals(big.id(), s.resolve(reg + "/it/big:1").id());
        for (Digest d : s.blobs().list()) {
            assertTrue(s.blobs().verify(d), d.toString());
        }
        assertEquals(0, TestImages.tempFiles(s), "temp files of the killed pulls were cleaned");
    }

    @Test
    void multiArchIndexPullsEachPlatformAndDigestsWorkLikeDocker() throws Exception {
        String reg = server.host();
        ImageStore src = ImageStore.open(dir.resolve("src"));
        Image amd = new dev.jrun.archive.ArchiveLoader(src).load(new java.io.ByteArrayInputStream(
                TestArchives.busyboxLike(reg + "/ma/img:amd64")), "t").get(0);
        com.fasterxml.jackson.databind.node.ObjectNode cfg = (com.fasterxml.jackson.databind.node.ObjectNode)
                Json.tree(src.blobs().read(amd.id()), "config");
        cfg.put("architecture", "arm64").put("variant", "v8");
        byte[] armCfg = Json.bytes(cfg);
        src.blobs().put(new java.io.ByteArrayInputStream(armCfg), Digest.sha256(armCfg), "arm config");
        byte[] armManifest = Json.bytes(dev.jrun.image.Manifest.oci(dev.jrun.image.Descriptor.of(
                dev.jrun.image.MediaTypes.OCI_CONFIG, Digest.sha256(armCfg), armCfg.length), amd.manifest().layers()));
        Digest armDigest = Digest.sha256(armManifest);
        src.blobs().put(new java.io.ByteArrayInputStream(armManifest), armDigest, "arm manifest");
        Image arm = src.register(armDigest, List.of(ImageReference.parse(reg + "/ma/img:arm64")));
        CliRunner a = new CliRunner(dir.resolve("src"));
        for (String t : List.of("amd64", "arm64")) {
            CliRunner.Result r = a.run("push", reg + "/ma/img:" + t);
            assertEquals(0, r.exitCode(), r.err());
        }
        CliRunner.Result digests = a.run("images", "--digests", reg + "/ma/img");
        assertTrue(digests.out().contains(armDigest.toString()) && digests.out().contains(amd.manifestDigest().toString()),
                digests.out());
        assertEquals("[\"" + reg + "/ma/img@" + armDigest + "\"]\n",
                a.run("image", "inspect", "--format", "{{json .RepoDigests}}", reg + "/ma/img:arm64").out());
        byte[] index = Json.bytes(dev.jrun.image.ImageIndex.oci(List.of(
                dev.jrun.image.Descriptor.of(amd.manifest().effectiveMediaType(), amd.manifestDigest(), amd.manifestSize())
                        .withPlatform(dev.jrun.image.Platform.of("linux", "amd64", null)),
                dev.jrun.image.Descriptor.of(arm.manifest().effectiveMediaType(), armDigest, armManifest.length)
                        .withPlatform(dev.jrun.image.Platform.of("linux", "arm64", "v8")))));
        Digest indexDigest = new RegistryClient(reg, RegistryOptions.defaults(), true)
                .putManifest("ma/img", "multi", index, dev.jrun.image.MediaTypes.OCI_INDEX);
        JsonNode armBySkopeo = Json.tree(run("skopeo", "inspect", "--tls-verify=false", "--override-arch", "arm64",
                "--override-variant", "v8", "docker://" + reg + "/ma/img:multi").getBytes(StandardCharsets.UTF_8), "skopeo");
        assertEquals(indexDigest.toString(), armBySkopeo.path("Digest").asText(), "the registry serves our index");
        assertEquals("arm64", armBySkopeo.path("Architecture").asText(), "skopeo picks the arm64 entry");

        CliRunner b = new CliRunner(dir.resolve("b"));
        CliRunner.Result pullArm = b.run("pull", "--platform", "linux/arm64", reg + "/ma/img:multi");
        assertEquals(0, pullArm.exitCode(), pullArm.err());
        assertTrue(pullArm.out().contains("Digest: " + indexDigest), pullArm.out());
        assertEquals("arm64\n", b.run("image", "inspect", "--format", "{{.Architecture}}", reg + "/ma/img:multi").out());
        assertEquals("[\"" + reg + "/ma/img@" + indexDigest + "\"]\n",
                b.run("image", "inspect", "--format", "{{json .RepoDigests}}", reg + "/ma/img:multi").out());
        CliRunner.Result pullHost = b.run("pull", reg + "/ma/img@" + indexDigest);
        assertEquals(0, pullHost.exitCode(), pullHost.err());
        ImageStore storeB = ImageStore.open(dir.resolve("b"));
        assertEquals(amd.id(), storeB.resolve(reg + "/ma/img@" + indexDigest).id(), "the host platform, amd64");
        assertEquals(arm.id(), storeB.resolve(reg + "/ma/img:multi").id(), "the tag stays on the arm64 pull");
        CliRunner.Result rmi = b.run("rmi", reg + "/ma/img@" + indexDigest);
        assertEquals(0, rmi.exitCode(), rmi.err());
        assertTrue(rmi.out().contains("Deleted: " + amd.id()), rmi.out());
        assertEquals(List.of(arm.id()), storeB.list().stream().map(Image::id).toList());
    }
}
