package dev.jrun.build;

import dev.jrun.cli.CliRunner;
import dev.jrun.image.Descriptor;
import dev.jrun.image.Digest;
import dev.jrun.image.ImageConfig;
import dev.jrun.image.ImageReference;
import dev.jrun.image.Json;
import dev.jrun.image.Manifest;
import dev.jrun.image.MediaTypes;
import dev.jrun.store.Image;
import dev.jrun.store.ImageStore;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/** A store with a small base image ("base:latest": passwd, group, /tmp, /bin/sh) and helpers to read layers. */
final class BuildFixture {
    final Path root;
    final Path context;
    final CliRunner cli;

    BuildFixture(Path tmp) throws IOException {
        root = tmp.resolve("store");
        context = Files.createDirectories(tmp.resolve("ctx"));
        cli = new CliRunner(root);
        addBase("base:latest");
    }

    /** A fixture whose store also holds busybox:latest from the busybox fixture (make fixtures). */
    static BuildFixture busybox(Path tmp) throws IOException {
        Path fixture = Path.of(System.getProperty("jrun.fixtures", "rootfs-fixtures/build"), "busybox.tar");
        org.junit.jupiter.api.Assertions.assertTrue(Files.isRegularFile(fixture), fixture + " is missing: run make fixtures");
        BuildFixture f = new BuildFixture(tmp);
        CliRunner.Result r = f.cli.run("load", "-i", fixture.toString());
        org.junit.jupiter.api.Assertions.assertEquals(0, r.exitCode(), r.err());
        return f;
    }

    ImageStore store() {
        return ImageStore.open(root);
    }

    /** A one-layer base image built in code. */
    void addBase(String tag) throws IOException {
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bos)) {
            dir(tar, "bin/", 0755);
            file(tar, "bin/sh", "#!fake\n", 0755);
            dir(tar, "etc/", 0755);
            file(tar, "etc/passwd", "root:x:0:0:root:/root:/bin/sh\napp:x:1000:1001:app:/home/app:/bin/sh\n", 0644);
            file(tar, "etc/group", "root:x:0:\nstaff:x:50:\napp:x:1001:\n", 0644);
            file(tar, "etc/old.txt", "old\n", 0644);
            dir(tar, "tmp/", 01777);
            TarArchiveEntry l = new TarArchiveEntry("lib", TarConstants.LF_SYMLINK);
            l.setLinkName("usr/lib");
            tar.putArchiveEntry(l);
            tar.closeArchiveEntry();
            dir(tar, "usr/", 0755);
            dir(tar, "usr/lib/", 0755);
        }
        byte[] layer = bos.toByteArray();
        ImageStore s = store();
        Digest ld = s.blobs().put(layer).digest();
        ImageConfig.ContainerConfig cc = new ImageConfig.ContainerConfig(null, null, List.of("PATH=/usr/bin:/bin"),
                null, List.of("sh"), null, null, null, null, null, null, null, null);
        ImageConfig cfg = new ImageConfig("2024-01-01T00:00:00Z", null, dev.jrun.image.Platform.host().architecture(),
                "linux", null, null, cc, ImageConfig.RootFs.layers(List.of(ld)),
                List.of(new ImageConfig.History("2024-01-01T00:00:00Z", "ADD base", null, null, null)));
        var cb = s.blobs().put(Json.bytes(cfg));
        Manifest m = Manifest.oci(Descriptor.of(MediaTypes.OCI_CONFIG, cb.digest(), cb.size()),
                List.of(Descriptor.of(MediaTypes.OCI_LAYER, ld, layer.length)));
        Digest md = s.blobs().put(Json.bytes(m)).digest();
        s.register(md, List.of(ImageReference.parse(tag)));
    }

    private static void dir(TarArchiveOutputStream tar, String name, int mode) throws IOException {
        TarArchiveEntry e = new TarArchiveEntry(name);
        e.setMode(040000 | mode);
        tar.putArchiveEntry(e);
        tar.closeArchiveEntry();
    }

    private static void file(TarArchiveOutputStream tar, String name, String content, int mode) throws IOException {
        byte[] b = content.getBytes(StandardCharsets.UTF_8);
        TarArchiveEntry e = new TarArchiveEntry(name);
        e.setMode(0100000 | mode);
        e.setSize(b.length);
        tar.putArchiveEntry(e);
        tar.write(b);
        tar.closeArchiveEntry();
    }

    void write(String rel, String content) throws IOException {
        Path p = context.resolve(rel);
        Files.createDirectories(p.getParent());
        Files.writeString(p, content);
    }

    void dockerfile(String text) throws IOException {
        write("Dockerfile", text);
    }

    CliRunner.Result build(String... args) {
        List<String> a = new ArrayList<>(List.of("build"));
        a.addAll(List.of(args));
        a.add(context.toString());
        return cli.run(a.toArray(String[]::new));
    }

    Image image(String ref) {
        return store().resolve(ref);
    }

    boolean exists(String ref) {
        return store().find(ref).isPresent();
    }

    /** One tar entry: type flag, mode, owner and content. */
    record Entry(String name, boolean dir, boolean symlink, String link, int mode, long uid, long gid, String content) {
    }

    /** The entries of the image's layer number {@code index} (negative counts from the top). */
    Map<String, Entry> layer(Image img, int index) throws IOException {
        List<Descriptor> ls = img.manifest().layers();
        Descriptor d = ls.get(index < 0 ? ls.size() + index : index);
        Map<String, Entry> out = new TreeMap<>();
        try (InputStream raw = store().blobs().open(d.digest());
             InputStream in = MediaTypes.isGzipLayer(d.mediaType()) ? new GZIPInputStream(raw) : raw;
             TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
            TarArchiveEntry e;
            while ((e = tar.getNextEntry()) != null) {
                String content = e.isFile() ? new String(tar.readAllBytes(), StandardCharsets.UTF_8) : null;
                String name = e.getName().endsWith("/") ? e.getName().substring(0, e.getName().length() - 1)
                        : e.getName();
                out.put(name, new Entry(name, e.isDirectory(), e.isSymbolicLink(), e.getLinkName(),
                        e.getMode() & 07777, e.getLongUserId(), e.getLongGroupId(), content));
            }
        }
        return out;
    }
}
