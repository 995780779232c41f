package dev.jrun.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jrun.archive.TestArchives;
import dev.jrun.image.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageCommandsTest {
    @TempDir
    Path dir;

    CliRunner jrun;

    @BeforeEach
    void loadAnImage() throws Exception {
        jrun = new CliRunner(dir.resolve("store"));
        Path archive = dir.resolve("bb.tar");
        Files.write(archive, TestArchives.busyboxLike("busybox:latest"));
        CliRunner.Result r = jrun.run("load", "-i", archive.toString());
        assertEquals(0, r.exitCode(), r.err());
        assertEquals("Loaded image: busybox:latest\n", r.out());
    }

    @Test
    void imagesListsTheTagInDockersColumns() {
        CliRunner.Result r = jrun.run("images");
        String[] lines = r.out().split("\n");
        assertTrue(lines[0].matches("REPOSITORY\\s+TAG\\s+IMAGE ID\\s+CREATED\\s+SIZE"), lines[0]);
        assertTrue(lines[1].matches("busybox\\s+latest\\s+[0-9a-f]{12}\\s+.* ago\\s+\\d.*B"), lines[1]);
        String id = jrun.run("images", "-q").out().trim();
        assertTrue(id.matches("[0-9a-f]{12}"), id);
        JsonNode json = Json.tree(jrun.run("images", "--format", "json").out().getBytes(), "images json");
        assertEquals("busybox", json.get("Repository").asText());
        assertEquals("busybox:latest\n", jrun.run("images", "--format", "{{.Repository}}:{{.Tag}}").out());
        String digests = jrun.run("images", "--digests").out();
        assertTrue(digests.lines().findFirst().orElse("").contains("DIGEST"), digests);
        assertTrue(digests.lines().skip(1).findFirst().orElse("").matches("busybox +latest +<none> +[0-9a-f]{12} .*"),
                "a loaded image has no repo digest, as in docker: " + digests);
    }

    @Test
    void inspectIsDockerShaped() {
        CliRunner.Result r = jrun.run("image", "inspect", "busybox");
        assertEquals(0, r.exitCode(), r.err());
        JsonNode img = Json.tree(r.out().getBytes(), "inspect").get(0);
        assertTrue(img.get("Id").asText().startsWith("sha256:"));
        assertEquals("busybox:latest", img.get("RepoTags").get(0).asText());
        assertEquals("sh", img.get("Config").get("Cmd").get(0).asText());
        assertEquals("PATH=/usr/bin:/bin", img.get("Config").get("Env").get(0).asText());
        assertEquals(2, img.get("RootFS").get("Layers").size());
        assertEquals(img.get("Id").asText() + "\n", jrun.run("inspect", "-f", "{{.Id}}", "busybox").out());
        assertEquals("[\"sh\"]\n", jrun.run("inspect", "--format", "{{json .Config.Cmd}}", "busybox").out());
    }

    @Test
    void historyShowsEveryEntryNewestFirst() {
        String[] lines = jrun.run("history", "busybox").out().split("\n");
        assertEquals(4, lines.length, String.join("\n", lines));
        assertTrue(lines[1].contains("CMD [\"sh\"]") && lines[1].contains("0B"), lines[1]);
        assertTrue(lines[2].startsWith("<missing>"), lines[2]);
    }

    @Test
    void tagAndRmi() {
        assertEquals(0, jrun.run("tag", "busybox", "localhost:5000/me/bb:v1").exitCode());
        assertTrue(jrun.run("images").out().contains("localhost:5000/me/bb"));
        CliRunner.Result untag = jrun.run("rmi", "localhost:5000/me/bb:v1");
        assertEquals("Untagged: localhost:5000/me/bb:v1\n", untag.out());
        CliRunner.Result rm = jrun.run("rmi", "busybox");
        assertEquals(0, rm.exitCode(), rm.err());
        assertTrue(rm.out().contains("Deleted: sha256:"), rm.out());
        assertEquals("", jrun.run("images", "-q").out());
        assertEquals(0, countBlobs(), "rmi of the last image leaves no blob behind");
    }

    private long countBlobs() {
        try (var s = Files.list(dir.resolve("store/blobs/sha256"))) {
            return s.count();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void rmiRefusesAnImageAContainerUsesUnlessForced() throws Exception {
        String id = Json.tree(jrun.run("inspect", "busybox").out().getBytes(), "x").get(0).get("Id").asText();
        Path c = dir.resolve("store/containers/c1");
        Files.createDirectories(c);
        Files.writeString(c.resolve("config.json"), "{\"Image\":\"" + id + "\"}");
        CliRunner.Result r = jrun.run("rmi", "busybox");
        assertEquals(1, r.exitCode());
        assertTrue(r.err().contains("a container uses it"), r.err());
        assertFalse(jrun.run("images", "-q").out().isEmpty());
        assertEquals(0, jrun.run("rmi", "-f", "busybox").exitCode());
    }

    @Test
    void badReferencesFailWithExit125AndAClearMessage() {
        CliRunner.Result r = jrun.run("tag", "busybox", "Bad:Name");
        assertEquals(125, r.exitCode());
        assertTrue(r.err().contains("invalid reference format \"Bad:Name\""), r.err());
        CliRunner.Result missing = jrun.run("inspect", "nosuch");
        assertEquals(125, missing.exitCode());
        assertTrue(missing.err().contains("No such image: nosuch"), missing.err());
    }

    @Test
    void saveThenLoadInAnotherStoreGivesTheSameImage() throws Exception {
        Path out = dir.resolve("saved.tar");
        assertEquals(0, jrun.run("save", "-o", out.toString(), "busybox").exitCode());
        CliRunner other = new CliRunner(dir.resolve("other"));
        assertEquals("Loaded image: busybox:latest\n", other.run("load", "-i", out.toString()).out());
        assertEquals(jrun.run("images", "-q").out(), other.run("images", "-q").out());
        Path oci = dir.resolve("saved-oci.tar");
        assertEquals(0, jrun.run("save", "--format", "oci-archive", "-o", oci.toString(), "busybox").exitCode());
        assertEquals("Loaded image: busybox:latest\n", new CliRunner(dir.resolve("third")).run("load", "-i", oci.toString()).out());
    }

    @Test
    void importMakesAOneLayerImageWithChanges() throws Exception {
        Path rootfs = dir.resolve("rootfs.tar");
        Files.write(rootfs, TestArchives.layer(java.util.Map.of("bin/hello", "hi")));
        CliRunner.Result r = jrun.run("import", "-c", "CMD [\"/bin/hello\"]", "-c", "ENV A=b", rootfs.toString(), "mine:1");
        assertEquals(0, r.exitCode(), r.err());
        JsonNode img = Json.tree(jrun.run("inspect", "mine:1").out().getBytes(), "x").get(0);
        assertEquals(1, img.get("RootFS").get("Layers").size());
        assertEquals("/bin/hello", img.get("Config").get("Cmd").get(0).asText());
        assertEquals("A=b", img.get("Config").get("Env").get(0).asText());
        Path junk = dir.resolve("junk.tar");
        Files.writeString(junk, "not a tarball at all, just text that is long enough to fill a header? no");
        CliRunner.Result bad = jrun.run("import", junk.toString(), "junk:1");
        assertEquals(125, bad.exitCode());
        assertTrue(bad.err().contains("junk.tar"), bad.err());
    }

    @Test
    void systemDfCountsSharedLayersOnce() {
        assertEquals(0, jrun.run("tag", "busybox", "copy:1").exitCode());
        CliRunner.Result r = jrun.run("system", "df", "-v");
        assertTrue(r.out().lines().anyMatch(l -> l.matches("Images\\s+1\\s+0\\s+.*")), r.out());
    }
}
