package dev.jrun.archive;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.jrun.JrunException;
import dev.jrun.image.Descriptor;
import dev.jrun.image.Digest;
import dev.jrun.image.ImageConfig;
import dev.jrun.image.ImageIndex;
import dev.jrun.image.ImageReference;
import dev.jrun.image.Json;
import dev.jrun.image.Manifest;
import dev.jrun.image.MediaTypes;
import dev.jrun.image.OciValidator;
import dev.jrun.image.Platform;
import dev.jrun.store.Image;
import dev.jrun.store.ImageStore;
import dev.jrun.store.StoreLock;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code jrun load}: reads a docker-archive (docker/podman save) or an OCI archive, verifies every
 * blob against its digest, and only then moves the blobs into the store and tags the images. A failure
 * or a kill at any point leaves the store as it was, apart from unreferenced blobs that gc removes.
 */
public final class ArchiveLoader {
    private final ImageStore store;

    public ArchiveLoader(ImageStore store) {
        this.store = store;
    }

    /** Loads all images of the archive; returns them with the tags the archive gave. */
    public List<Image> load(InputStream in, String source) {
        try (StoreLock lease = store.lease();
             StagedArchive a = StagedArchive.read(store.blobs(), in, source)) {
            List<Pending> pending = a.has("manifest.json") ? docker(a) : oci(a);
            if (pending.isEmpty()) {
                throw new JrunException("archive " + source + " contains no image");
            }
            List<Image> out = new ArrayList<>();
            for (Pending p : pending) {
                out.add(store.register(p.manifest, p.tags));
            }
            return out;
        }
    }

    private record Pending(Digest manifest, List<ImageReference> tags) {
    }

    private List<Pending> docker(StagedArchive a) {
        List<DockerManifestEntry> entries;
        try {
            entries = Json.mapper().readValue(a.bytes("manifest.json"), new TypeReference<List<DockerManifestEntry>>() { });
        } catch (IOException e) {
            throw new JrunException("malformed manifest.json in " + a.source() + ": " + e.getMessage(), e);
        }
        List<Pending> out = new ArrayList<>();
        for (DockerManifestEntry e : entries) {
            out.add(dockerImage(a, e));
        }
        return out;
    }

    private Pending dockerImage(StagedArchive a, DockerManifestEntry e) {
        if (e.config() == null) {
            throw new JrunException("manifest.json in " + a.source() + " has an entry without Config");
        }
        List<ImageReference> tags = new ArrayList<>();
        for (String t : e.repoTags()) {
            tags.add(ImageReference.parse(t));
        }
        Digest cfgDigest = a.get(e.config()).blob().digest();
        checkNamedDigest(a, e.config(), cfgDigest);
        OciValidator.validate(MediaTypes.OCI_CONFIG, a.bytes(e.config()), e.config() + " in " + a.source());
        ImageConfig config = ImageConfig.parse(a.bytes(e.config()), e.config() + " in " + a.source());
        List<Digest> diffIds = config.diffIds();
        if (diffIds.size() != e.layers().size()) {
            throw new JrunException(a.source() + ": config " + e.config() + " lists " + diffIds.size()
                    + " diff_ids but manifest.json names " + e.layers().size() + " layers");
        }
        List<Descriptor> layers = new ArrayList<>();
        for (int i = 0; i < diffIds.size(); i++) {
            String name = e.layers().get(i);
            StagedArchive.Staged s = a.get(name);
            LayerFormat fmt;
            Digest diffId;
            try (InputStream in = a.open(name)) {
                fmt = LayerFormat.sniff(in);
            } catch (IOException ex) {
                throw new JrunException("read layer " + name + " of " + a.source() + ": " + ex.getMessage(), ex);
            }
            if (fmt == LayerFormat.TAR) {
                diffId = s.blob().digest();
            } else {
                try (InputStream in = a.open(name)) {
                    diffId = fmt.diffId(in, name);
                } catch (IOException ex) {
                    throw new JrunException("read layer " + name + " of " + a.source() + ": " + ex.getMessage(), ex);
                }
            }
            if (!diffId.equals(diffIds.get(i))) {
                throw new JrunException("digest mismatch for layer " + name + " in " + a.source() + ": config says "
                        + diffIds.get(i) + ", content is " + diffId);
            }
            layers.add(Descriptor.of(fmt.mediaType, s.blob().digest(), s.blob().size()));
        }
        for (String name : e.layers()) {
            a.adopt(name);
        }
        byte[] cfgBytes = a.bytes(e.config());
        store.blobs().put(cfgBytes);
        Manifest m = Manifest.oci(Descriptor.of(MediaTypes.OCI_CONFIG, cfgDigest, cfgBytes.length), layers);
        return new Pending(store.blobs().put(Json.bytes(m)).digest(), tags);
    }

    /** Docker names configs {@code <hex>.json} or {@code blobs/sha256/<hex>}: the name must match the content. */
    private static void checkNamedDigest(StagedArchive a, String name, Digest actual) {
        String base = name.replaceFirst("\\.json$", "");
        String hex = base.substring(base.lastIndexOf('/') + 1);
        if (hex.matches("[a-f0-9]{64}") && !hex.equals(actual.hex())) {
            throw new JrunException("digest mismatch for " + name + " in " + a.source() + ": expected sha256:"
                    + hex + ", got " + actual);
        }
    }

    private List<Pending> oci(StagedArchive a) {
        if (!a.has("index.json")) {
            throw new JrunException(a.source() + " is neither a docker-archive (no manifest.json) nor an OCI archive"
                    + " (no index.json)");
        }
        if (a.has("oci-layout")) {
            String layout = new String(a.bytes("oci-layout"), java.nio.charset.StandardCharsets.UTF_8);
            if (!layout.contains("\"1.0.0\"")) {
                throw new JrunException(a.source() + ": unsupported oci-layout " + layout.trim());
            }
        }
        ImageIndex index = ImageIndex.parse(a.bytes("index.json"), "index.json in " + a.source());
        List<Pending> out = new ArrayList<>();
        for (Descriptor d : index.manifests()) {
            Descriptor m = MediaTypes.isIndex(d.mediaType()) ? pickPlatform(a, d) : d;
            if (!MediaTypes.isManifest(m.mediaType())) {
                continue;
            }
            out.add(new Pending(ociImage(a, m), ociTags(d)));
        }
        return out;
    }

    private Digest ociImage(StagedArchive a, Descriptor md) {
        byte[] mBytes = verifiedBlob(a, md);
        OciValidator.validate(md.mediaType(), mBytes, "manifest " + md.digest() + " in " + a.source());
        Manifest m = Manifest.parse(mBytes, md.digest());
        OciValidator.requireImage(m, "manifest " + md.digest() + " in " + a.source());
        byte[] cfg = verifiedBlob(a, m.config());
        if (OciValidator.canValidate(m.config().mediaType())) {
            OciValidator.validate(m.config().mediaType(), cfg, "config " + m.config().digest() + " in " + a.source());
        }
        ImageConfig.parse(cfg, m.config().digest());
        for (Descriptor l : m.layers()) {
            verified(a, l);
        }
        for (Descriptor l : m.layers()) {
            a.adopt(blobName(l.digest()));
        }
        a.adopt(blobName(m.config().digest()));
        a.adopt(blobName(md.digest()));
        return md.digest();
    }

    private Descriptor pickPlatform(StagedArchive a, Descriptor indexDesc) {
        ImageIndex idx = ImageIndex.parse(verifiedBlob(a, indexDesc), "index " + indexDesc.digest());
        Platform host = Platform.host();
        return idx.manifests().stream()
                .filter(d -> d.platform() == null || (host.os().equals(d.platform().os())
                        && host.architecture().equals(d.platform().architecture())))
                .findFirst()
                .orElseThrow(() -> new JrunException(a.source() + ": index " + indexDesc.digest()
                        + " has no image for " + host));
    }

    private static List<ImageReference> ociTags(Descriptor d) {
        for (String key : List.of("io.containerd.image.name", "org.opencontainers.image.ref.name")) {
            String name = d.annotation(key);
            if (name != null && (name.contains("/") || name.contains(":"))) {
                try {
                    return List.of(ImageReference.parse(name));
                } catch (JrunException e) {
                    // a bare tag or other tool's name: try the next annotation
                }
            }
        }
        return List.of();
    }

    private static String blobName(Digest d) {
        return "blobs/" + d.algorithm() + "/" + d.hex();
    }

    private static StagedArchive.Staged verified(StagedArchive a, Descriptor d) {
        StagedArchive.Staged s = a.get(blobName(d.digest()));
        if (!s.blob().digest().equals(d.digest())) {
            throw new JrunException("digest mismatch for " + blobName(d.digest()) + " in " + a.source()
                    + ": content is " + s.blob().digest());
        }
        if (s.blob().size() != d.size()) {
            throw new JrunException("size mismatch for " + d.digest() + " in " + a.source() + ": descriptor says "
                    + d.size() + ", blob has " + s.blob().size());
        }
        return s;
    }

    private static byte[] verifiedBlob(StagedArchive a, Descriptor d) {
        verified(a, d);
        return a.bytes(blobName(d.digest()));
    }
}
