package dev.jrun.store;

import dev.jrun.JrunException;
import dev.jrun.image.Descriptor;
import dev.jrun.image.Digest;
import dev.jrun.image.ImageConfig;
import dev.jrun.image.ImageReference;
import dev.jrun.image.Manifest;
import dev.jrun.image.MediaTypes;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The image store: an OCI image layout whose index.json lists every image, one entry per tag
 * (annotation org.opencontainers.image.ref.name = the full reference) and one entry without a name for
 * each untagged image. skopeo and umoci read it directly as {@code oci:<root>:<ref>}.
 */
public final class ImageStore {
    private final StorePaths paths;
    private final BlobStore blobs;
    private final IndexFile index;

    private ImageStore(StorePaths paths) {
        this.paths = paths;
        this.blobs = new BlobStore(paths);
        this.index = new IndexFile(paths);
    }

    /** Opens (creating if needed) the store at root and removes temp files of dead jrun processes. */
    public static ImageStore open(Path root) {
        ImageStore s = new ImageStore(new StorePaths(root));
        s.index.init();
        TempCleaner.clean(s.paths);
        return s;
    }

    public StorePaths paths() {
        return paths;
    }

    public BlobStore blobs() {
        return blobs;
    }

    /**
     * A lease that keeps garbage collection away while the holder writes blobs that no index entry
     * references yet (load, pull, build).
     */
    public StoreLock lease() {
        return StoreLock.shared(paths.gcLock());
    }

    public List<Image> list() {
        Map<Digest, List<ImageReference>> byManifest = new LinkedHashMap<>();
        Map<Digest, Long> sizes = new LinkedHashMap<>();
        for (Descriptor d : index.read()) {
            if (!MediaTypes.isManifest(d.mediaType())) {
                continue;
            }
            List<ImageReference> tags = byManifest.computeIfAbsent(d.digest(), k -> new ArrayList<>());
            sizes.put(d.digest(), d.size());
            ImageReference ref = refOf(d);
            if (ref != null && !tags.contains(ref)) {
                tags.add(ref);
            }
        }
        List<Image> out = new ArrayList<>();
        byManifest.forEach((digest, tags) -> out.add(load(digest, sizes.get(digest), tags)));
        return out;
    }

    private Image load(Digest manifestDigest, long size, List<ImageReference> tags) {
        Manifest m = Manifest.parse(blobs.read(manifestDigest), manifestDigest);
        ImageConfig c = ImageConfig.parse(blobs.read(m.config().digest()), m.config().digest());
        return new Image(manifestDigest, size, m, c, tags);
    }

    static ImageReference refOf(Descriptor d) {
        String name = d.annotation(IndexFile.REF_NAME);
        if (name == null) {
            return null;
        }
        try {
            return ImageReference.parse(name);
        } catch (JrunException e) {
            return null;
        }
    }

    /**
     * Finds an image by reference (busybox, busybox:1, x@sha256:..), image id, or unique id prefix. A tag
     * is looked up in index.json alone, so only the image it names is read.
     */
    public Optional<Image> find(String nameOrId) {
        List<Descriptor> entries = index.read();
        if (!ImageReference.looksLikeId(nameOrId) || !nameOrId.startsWith("sha256:")) {
            ImageReference ref = tryParse(nameOrId);
            if (ref != null) {
                for (Descriptor d : entries) {
                    ImageReference named = refOf(d);
                    boolean hit = ref.digest() != null
                            ? d.digest().equals(ref.digest()) && (ref.tag() == null || ref.withTag(ref.tag()).equals(named))
                            : ref.equals(named);
                    if (hit && MediaTypes.isManifest(d.mediaType())) {
                        return get(d.digest());
                    }
                }
            }
        }
        if (ImageReference.looksLikeId(nameOrId)) {
            String hex = nameOrId.startsWith("sha256:") ? nameOrId.substring(7) : nameOrId;
            List<Image> matches = list().stream()
                    .filter(i -> i.id().hex().startsWith(hex) || i.manifestDigest().hex().startsWith(hex)).toList();
            if (matches.size() > 1 && matches.stream().map(Image::id).distinct().count() > 1) {
                throw new JrunException("image id prefix " + nameOrId + " is ambiguous: it matches "
                        + matches.size() + " images; give more characters");
            }
            if (!matches.isEmpty()) {
                return Optional.of(matches.get(0));
            }
        }
        return Optional.empty();
    }

    private static ImageReference tryParse(String s) {
        try {
            return ImageReference.parse(s);
        } catch (JrunException e) {
            return null;
        }
    }

    public Image resolve(String nameOrId) {
        return find(nameOrId).orElseThrow(() -> new NoSuchImageException(nameOrId));
    }

    /**
     * Records an image whose manifest, config and layers are all in the blob store, and points the
     * given tags at it (moving them from any image that had them, which stays as an untagged image).
     */
    public Image register(Digest manifestDigest, List<ImageReference> tags) {
        Image img = validate(manifestDigest);
        try (StoreLock l = StoreLock.exclusive(paths.metadataLock())) {
            List<Descriptor> entries = new ArrayList<>(index.read());
            for (ImageReference t : tags) {
                retag(entries, t, null);
            }
            Descriptor base = Descriptor.of(img.manifest().effectiveMediaType(), manifestDigest, img.manifestSize());
            entries.removeIf(d -> d.digest().equals(manifestDigest) && refOf(d) == null);
            boolean present = entries.stream().anyMatch(d -> d.digest().equals(manifestDigest));
            for (ImageReference t : tags) {
                entries.add(named(base, t));
            }
            if (tags.isEmpty() && !present) {
                entries.add(base);
            }
            index.write(entries);
        }
        return get(manifestDigest).orElseThrow(() -> new NoSuchImageException(manifestDigest.toString()));
    }

    /** The image with this manifest digest, with all its tags, if the index lists it. */
    public Optional<Image> get(Digest manifestDigest) {
        List<ImageReference> tags = new ArrayList<>();
        Long size = null;
        for (Descriptor d : index.read()) {
            if (d.digest().equals(manifestDigest) && MediaTypes.isManifest(d.mediaType())) {
                size = d.size();
                ImageReference ref = refOf(d);
                if (ref != null && !tags.contains(ref)) {
                    tags.add(ref);
                }
            }
        }
        return size == null ? Optional.empty() : Optional.of(load(manifestDigest, size, tags));
    }

    private static Descriptor named(Descriptor base, ImageReference t) {
        return base.withAnnotations(Map.of(IndexFile.REF_NAME, t.canonical()));
    }

    /** Removes tag t from entries; an image left without names stays as an untagged entry. */
    private static void retag(List<Descriptor> entries, ImageReference t, Digest keepFor) {
        for (int i = 0; i < entries.size(); i++) {
            Descriptor d = entries.get(i);
            if (t.equals(refOf(d)) && !d.digest().equals(keepFor)) {
                entries.remove(i--);
                boolean stillListed = entries.stream().anyMatch(e -> e.digest().equals(d.digest()));
                if (!stillListed) {
                    entries.add(Descriptor.of(d.mediaType(), d.digest(), d.size()));
                }
            }
        }
    }

    /** Adds a tag to an image already in the store (jrun tag). */
    public void tag(Image img, ImageReference ref) {
        register(img.manifestDigest(), List.of(ref));
    }

    /**
     * Removes one tag. Returns true if the image lost its last name and was removed from the index
     * (its blobs remain until {@link #gc()}).
     */
    public boolean untag(ImageReference ref) {
        try (StoreLock l = StoreLock.exclusive(paths.metadataLock())) {
            List<Descriptor> entries = new ArrayList<>(index.read());
            Descriptor hit = entries.stream().filter(d -> ref.equals(refOf(d))).findFirst()
                    .orElseThrow(() -> new NoSuchImageException(ref.familiar()));
            entries.remove(hit);
            boolean gone = entries.stream().noneMatch(d -> d.digest().equals(hit.digest()));
            index.write(entries);
            return gone;
        }
    }

    /** Removes an image and all its tags from the index. */
    public void remove(Image img) {
        try (StoreLock l = StoreLock.exclusive(paths.metadataLock())) {
            List<Descriptor> entries = new ArrayList<>(index.read());
            entries.removeIf(d -> d.digest().equals(img.manifestDigest()));
            index.write(entries);
        }
    }

    /** Checks that a manifest, its config and every layer are present and consistent. */
    public Image validate(Digest manifestDigest) {
        if (!blobs.exists(manifestDigest)) {
            throw new JrunException("manifest " + manifestDigest + " is not in the store");
        }
        Image img = load(manifestDigest, blobs.size(manifestDigest), List.of());
        Digest cfg = img.manifest().config().digest();
        if (!blobs.exists(cfg)) {
            throw new JrunException("manifest " + manifestDigest + " names config " + cfg + ", which is missing");
        }
        for (Descriptor layer : img.manifest().layers()) {
            if (!blobs.exists(layer.digest())) {
                throw new JrunException("manifest " + manifestDigest + " names layer " + layer.digest()
                        + ", which is missing");
            }
        }
        int layers = img.manifest().layers().size();
        int diffIds = img.config().diffIds().size();
        if (layers != diffIds) {
            throw new JrunException("manifest " + manifestDigest + " has " + layers + " layers but its config lists "
                    + diffIds + " diff_ids");
        }
        return img;
    }

    /** Deletes blobs that no image reaches. */
    public GarbageCollector.Result gc() {
        return new GarbageCollector(this).run();
    }

    List<Descriptor> indexEntries() {
        return index.read();
    }
}
