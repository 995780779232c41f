package dev.jrun.archive;

import dev.jrun.image.Digest;
import dev.jrun.image.ImageConfig;
import dev.jrun.image.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/** Layer tars and docker-archives built in code, for tests. */
public final class TestArchives {
    private TestArchives() {
    }

    /** A layer tar holding the given files (name → content). */
    public static byte[] layer(Map<String, String> files) {
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bos)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            for (var e : files.entrySet()) {
                byte[] data = e.getValue().getBytes(StandardCharsets.UTF_8);
                TarArchiveEntry te = new TarArchiveEntry(e.getKey());
                te.setSize(data.length);
                te.setModTime(0);
                tar.putArchiveEntry(te);
                tar.write(data);
                tar.closeArchiveEntry();
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return bos.toByteArray();
    }

    /** An image config for the given layers, with Cmd sh. */
    public static byte[] config(List<byte[]> layers, String created) {
        List<Digest> ids = new ArrayList<>();
        List<ImageConfig.History> hs = new ArrayList<>();
        for (byte[] l : layers) {
            ids.add(Digest.sha256(l));
            hs.add(new ImageConfig.History(created, "/bin/sh -c #(nop) ADD file", null, null, null));
        }
        hs.add(new ImageConfig.History(created, "/bin/sh -c #(nop) CMD [\"sh\"]", null, null, true));
        ImageConfig.ContainerConfig cc = new ImageConfig.ContainerConfig(null, null,
                List.of("PATH=/usr/bin:/bin"), null, List.of("sh"), null, "/", null, null, null, null, null, null);
        return Json.bytes(new ImageConfig(created, null, "amd64", "linux", null, null, cc,
                ImageConfig.RootFs.layers(ids), hs));
    }

    /** A docker-archive as {@code docker save} writes it; entries are (name → bytes) in order. */
    public static byte[] tar(Map<String, byte[]> entries) {
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bos)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            for (var e : entries.entrySet()) {
                TarArchiveEntry te = new TarArchiveEntry(e.getKey());
                te.setSize(e.getValue().length);
                tar.putArchiveEntry(te);
                tar.write(e.getValue());
                tar.closeArchiveEntry();
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return bos.toByteArray();
    }

    /** The entries of a docker-archive of one image with the given layers and tag. */
    public static Map<String, byte[]> dockerArchive(List<byte[]> layers, String tag, String created) {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        byte[] cfg = config(layers, created);
        String cfgName = Digest.sha256(cfg).hex() + ".json";
        entries.put(cfgName, cfg);
        List<String> names = new ArrayList<>();
        for (byte[] l : layers) {
            String n = Digest.sha256(l).hex() + "/layer.tar";
            names.add(n);
            entries.put(n, l);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Config", cfgName);
        m.put("RepoTags", tag == null ? null : List.of(tag));
        m.put("Layers", names);
        entries.put("manifest.json", Json.bytes(List.of(m)));
        return entries;
    }

    public static byte[] busyboxLike(String tag) {
        byte[] l1 = layer(Map.of("bin/sh", "#!fake shell\n", "etc/passwd", "root:x:0:0:root:/root:/bin/sh\n"));
        byte[] l2 = layer(Map.of("app/hello.txt", "hello\n"));
        return tar(dockerArchive(List.of(l1, l2), tag, "2024-01-01T00:00:00Z"));
    }
}
