package dev.jrun.archive;

import dev.jrun.JrunException;
import dev.jrun.image.Descriptor;
import dev.jrun.image.Digest;
import dev.jrun.image.ImageIndex;
import dev.jrun.image.ImageReference;
import dev.jrun.image.Json;
import dev.jrun.store.BlobStore;
import dev.jrun.store.Image;
import dev.jrun.store.ImageStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * {@code jrun save}: writes images as a docker-archive (manifest.json with fully qualified RepoTags as
 * podman writes them, {@code <config>.json},
 * {@code <diffid>/layer.tar} uncompressed, repositories) or as an OCI archive (oci-layout, index.json,
 * blobs/sha256/...). Entries are written in a fixed order with fixed times, so the same images give the
 * same bytes.
 */
public final class ArchiveSaver {
    /** The two archive formats of docker and podman save. */
    public enum Format { DOCKER_ARCHIVE, OCI_ARCHIVE }

    private final ImageStore store;

    public ArchiveSaver(ImageStore store) {
        this.store = store;
    }

    /** A requested image and the name under which it was asked for (kept as its tag in the archive). */
    public record Request(Image image, ImageReference asked) {
    }

    public void save(List<Request> images, Format format, OutputStream out) {
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(out, 1 << 16)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            if (format == Format.DOCKER_ARCHIVE) {
                writeDocker(images, tar);
            } else {
                writeOci(images, tar);
            }
            tar.finish();
        } catch (IOException e) {
            throw new JrunException("write archive: " + e.getMessage(), e);
        }
    }

    private static List<ImageReference> tagsFor(Request r) {
        if (r.asked() != null) {
            return List.of(r.asked());
        }
        return r.image().tags();
    }

    private void writeDocker(List<Request> images, TarArchiveOutputStream tar) throws IOException {
        List<Map<String, Object>> manifest = new ArrayList<>();
        Map<String, Map<String, String>> repositories = new LinkedHashMap<>();
        Set<String> written = new HashSet<>();
        BlobStore blobs = store.blobs();
        for (Request r : images) {
            Image img = r.image();
            String cfgName = img.id().hex() + ".json";
            if (written.add(cfgName)) {
                putBytes(tar, cfgName, blobs.read(img.id()));
            }
            List<String> layerNames = new ArrayList<>();
            List<Digest> diffIds = img.config().diffIds();
            for (int i = 0; i < diffIds.size(); i++) {
                String dir = diffIds.get(i).hex();
                String name = dir + "/layer.tar";
                layerNames.add(name);
                if (written.add(name)) {
                    putDir(tar, dir + "/");
                    putBytes(tar, dir + "/VERSION", "1.0".getBytes(StandardCharsets.UTF_8));
                    putLayer(tar, name, img.manifest().layers().get(i));
                }
            }
            List<String> repoTags = new ArrayList<>();
            for (ImageReference t : tagsFor(r)) {
                if (t.tag() != null) {
                    repoTags.add(t.canonical());
                    repositories.computeIfAbsent(t.name(), k -> new LinkedHashMap<>())
                            .put(t.tag(), diffIds.isEmpty() ? img.id().hex() : diffIds.get(diffIds.size() - 1).hex());
                }
            }
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("Config", cfgName);
            entry.put("RepoTags", repoTags.isEmpty() ? null : repoTags);
            entry.put("Layers", layerNames);
            manifest.add(entry);
        }
        putBytes(tar, "manifest.json", Json.bytes(manifest));
        if (!repositories.isEmpty()) {
            putBytes(tar, "repositories", Json.bytes(repositories));
        }
    }

    /** Docker archives carry uncompressed layers; a compressed blob is expanded into a temp file first. */
    private void putLayer(TarArchiveOutputStream tar, String name, Descriptor layer) throws IOException {
        LayerFormat fmt = LayerFormat.ofMediaType(layer.mediaType());
        if (fmt == LayerFormat.TAR) {
            putBlob(tar, name, layer.digest());
            return;
        }
        Path tmp = store.blobs().newTempFile("save-");
        try {
            try (InputStream in = store.blobs().open(layer.digest()); OutputStream o = Files.newOutputStream(tmp)) {
                fmt.copyUncompressed(in, o);
            }
            TarArchiveEntry e = entry(name, Files.size(tmp));
            tar.putArchiveEntry(e);
            Files.copy(tmp, tar);
            tar.closeArchiveEntry();
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private void writeOci(List<Request> images, TarArchiveOutputStream tar) throws IOException {
        putBytes(tar, "oci-layout", "{\"imageLayoutVersion\":\"1.0.0\"}".getBytes(StandardCharsets.UTF_8));
        List<Descriptor> index = new ArrayList<>();
        Set<Digest> written = new HashSet<>();
        putDir(tar, "blobs/");
        putDir(tar, "blobs/sha256/");
        for (Request r : images) {
            Image img = r.image();
            List<Digest> blobs = new ArrayList<>(img.layerDigests());
            blobs.add(img.id());
            blobs.add(img.manifestDigest());
            for (Digest d : blobs) {
                if (written.add(d)) {
                    putBlob(tar, "blobs/sha256/" + d.hex(), d);
                }
            }
            Descriptor base = Descriptor.of(img.manifest().effectiveMediaType(), img.manifestDigest(), img.manifestSize());
            List<ImageReference> tags = tagsFor(r);
            if (tags.isEmpty()) {
                index.add(base);
            }
            for (ImageReference t : tags) {
                Map<String, String> ann = new LinkedHashMap<>();
                ann.put("io.containerd.image.name", t.canonical());
                ann.put("org.opencontainers.image.ref.name", t.canonical());
                index.add(base.withAnnotations(ann));
            }
        }
        putBytes(tar, "index.json", Json.bytes(ImageIndex.oci(index)));
    }

    private void putBlob(TarArchiveOutputStream tar, String name, Digest d) throws IOException {
        tar.putArchiveEntry(entry(name, store.blobs().size(d)));
        try (InputStream in = store.blobs().open(d)) {
            in.transferTo(tar);
        }
        tar.closeArchiveEntry();
    }

    private static void putBytes(TarArchiveOutputStream tar, String name, byte[] data) throws IOException {
        tar.putArchiveEntry(entry(name, data.length));
        tar.write(data);
        tar.closeArchiveEntry();
    }

    private static void putDir(TarArchiveOutputStream tar, String name) throws IOException {
        TarArchiveEntry e = new TarArchiveEntry(name);
        e.setModTime(0);
        e.setMode(040755);
        tar.putArchiveEntry(e);
        tar.closeArchiveEntry();
    }

    private static TarArchiveEntry entry(String name, long size) {
        TarArchiveEntry e = new TarArchiveEntry(name);
        e.setSize(size);
        e.setModTime(0);
        e.setMode(0100644);
        return e;
    }
}
