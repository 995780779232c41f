package dev.jrun.store;

import dev.jrun.JrunException;
import dev.jrun.image.Descriptor;
import dev.jrun.image.Digest;
import dev.jrun.image.ImageConfig;
import dev.jrun.image.ImageReference;
import dev.jrun.image.Manifest;
import dev.jrun.image.MediaTypes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The image store: an OCI image layout whose index.json lists every image, one entry per tag
 * (annotation org.opencontainers.image.ref.name = the full reference) and one entry without a name for
 * each untagged image. skopeo and umoci read it directly as {@code oci:<root>:<ref>}. A repository
 * digest (docker's RepoDigests: the digest a registry knows the image by) is an entry without a ref.name
 * and with the annotation {@value IndexFile#REPO_DIGEST} = {@code registry/repo@sha256:...}; its digest
 * may be an index's, which is why it is recorded rather than derived from the manifest.
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
        Map<Digest, Names> byManifest = new LinkedHashMap<>();
        for (Descriptor d : index.read()) {
            if (MediaTypes.isManifest(d.mediaType())) {
                byManifest.computeIfAbsent(d.digest(), k -> new Names(d.size())).add(d);
            }
        }
        List<Image> out = new ArrayList<>();
        byManifest.forEach((digest, names) -> out.add(load(digest, names)));
        return out;
    }

    /** The names index.json gives one manifest: its tags and repository digests. */
    private static final class Names {
        final long size;
        final List<ImageReference> tags = new ArrayList<>();
        final List<ImageReference> repoDigests = new ArrayList<>();

        Names(long size) {
            this.size = size;
        }

        void add(Descriptor d) {
            ImageReference ref = refOf(d);
            if (ref != null && !tags.contains(ref)) {
                tags.add(ref);
            }
            ImageReference rd = repoDigestOf(d);
            if (rd != null && !repoDigests.contains(rd)) {
                repoDigests.add(rd);
            }
        }
    }

    private Image load(Digest manifestDigest, Names names) {
        Manifest m = Manifest.parse(blobs.read(manifestDigest), manifestDigest);
        ImageConfig c = ImageConfig.parse(blobs.read(m.config().digest()), m.config().digest());
        return new Image(manifestDigest, names.size, m, c, names.tags, names.repoDigests);
    }

    static ImageReference repoDigestOf(Descriptor d) {
        String name = d.annotation(IndexFile.REPO_DIGEST);
        return name == null ? null : tryParse(name);
    }

    /** An entry that only keeps an image listed: neither a tag nor a repository digest. */
    private static boolean isPlain(Descriptor d) {
        return refOf(d) == null && repoDigestOf(d) == null;
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
        Object stamp = indexStamp();
        synchronized (this) {
            if (stamp != null && stamp.equals(memoStamp) && memo.containsKey(nameOrId)) {
                return Optional.of(memo.get(nameOrId));
            }
        }
        Optional<Image> found = lookUp(nameOrId);
        if (found.isPresent() && stamp != null) {
            synchronized (this) {
                if (!stamp.equals(memoStamp)) {
                    memo.clear();
                    memoStamp = stamp;
                }
                memo.put(nameOrId, found.get());
                memo.put(found.get().id().toString(), found.get());
            }
        }
        return found;
    }

    /**
     * Lookups already made, valid while index.json is the same file (same inode and modification time:
     * it is only ever replaced by rename). A run resolves its image three times (the missing-image check,
     * the container's record, its start) and by id each time reads every image's manifest and config.
     */
    private final Map<String, Image> memo = new java.util.HashMap<>();
    private Object memoStamp;

    private Object indexStamp() {
        try {
            java.nio.file.attribute.BasicFileAttributes a = Files.readAttributes(paths.index(),
                    java.nio.file.attribute.BasicFileAttributes.class);
            return a.fileKey() == null ? null : List.of(a.fileKey(), a.lastModifiedTime(), a.size());
        } catch (java.io.IOException e) {
            return null;
        }
    }

    private Optional<Image> lookUp(String nameOrId) {
        List<Descriptor> entries = index.read();
        if (!ImageReference.looksLikeId(nameOrId) || !nameOrId.startsWith("sha256:")) {
            ImageReference ref = tryParse(nameOrId);
            if (ref != null && ref.digest() != null) {
                ImageReference byDigest = new ImageReference(ref.registry(), ref.repository(), null, ref.digest());
                for (Descriptor d : entries) {
                    if (byDigest.equals(repoDigestOf(d))) {
                        return get(d.digest(), entries);
                    }
                }
            }
            if (ref != null) {
                for (Descriptor d : entries) {
                    ImageReference named = refOf(d);
                    boolean hit = ref.digest() != null
                            ? d.digest().equals(ref.digest()) && (ref.tag() == null || ref.withTag(ref.tag()).equals(named))
                            : ref.equals(named);
                    if (hit && MediaTypes.isManifest(d.mediaType())) {
                        return get(d.digest(), entries);
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
        Optional<Image> img = find(nameOrId);
        if (img.isEmpty()) {
            throw new NoSuchImageException(nameOrId);
        }
        return img.get();
    }

    /**
     * Records an image whose manifest, config and layers are all in the blob store, and points the
     * given tags at it (moving them from any image that had them, which stays as an untagged image).
     */
    public Image register(Digest manifestDigest, List<ImageReference> tags) {
        return register(manifestDigest, tags, null);
    }

    /**
     * As {@link #register(Digest, List)}, and records repoDigest (if not null) as {@link #addRepoDigest}
     * does, in the same index write: a pull made two, each with its fsync (3-18 ms apiece here).
     */
    public Image register(Digest manifestDigest, List<ImageReference> tags, ImageReference repoDigest) {
        Image img = validate(manifestDigest);
        try (StoreLock l = StoreLock.exclusive(paths.metadataLock())) {
            List<Descriptor> before = index.read();
            List<Descriptor> entries = new ArrayList<>(before);
            for (ImageReference t : tags) {
                retag(entries, t, null);
            }
            Descriptor base = Descriptor.of(img.manifest().effectiveMediaType(), manifestDigest, img.manifestSize());
            entries.removeIf(d -> d.digest().equals(manifestDigest) && isPlain(d));
            boolean present = entries.stream().anyMatch(d -> d.digest().equals(manifestDigest));
            for (ImageReference t : tags) {
                entries.add(named(base, t));
            }
            if (tags.isEmpty() && !present) {
                entries.add(base);
            }
            if (repoDigest != null) {
                putRepoDigest(entries, manifestDigest, repoDigest);
            }
            if (!sameEntries(before, entries)) { // else a repeated pull: no rewrite (and fsync)
                index.write(entries);
            }
        }
        return get(manifestDigest).orElseThrow(() -> new NoSuchImageException(manifestDigest.toString()));
    }

    /** The image with this manifest digest, with all its tags, if the index lists it. */
    public Optional<Image> get(Digest manifestDigest) {
        return get(manifestDigest, index.read());
    }

    /** As {@link #get(Digest)}, from the index's entries already read (a lookup by name: one read of index.json). */
    private Optional<Image> get(Digest manifestDigest, List<Descriptor> entries) {
        Names names = null;
        for (Descriptor d : entries) {
            if (d.digest().equals(manifestDigest) && MediaTypes.isManifest(d.mediaType())) {
                if (names == null) {
                    names = new Names(d.size());
                }
                names.add(d);
            }
        }
        return names == null ? Optional.empty() : Optional.of(load(manifestDigest, names));
    }

    /**
     * Records that a registry knows the image by repoDigest ({@code registry/repo@sha256:...}, the digest
     * of the manifest or of the index it was picked from), replacing what that reference pointed to before.
     */
    public Image addRepoDigest(Digest manifestDigest, ImageReference repoDigest) {
        try (StoreLock l = StoreLock.exclusive(paths.metadataLock())) {
            List<Descriptor> before = index.read();
            List<Descriptor> entries = new ArrayList<>(before);
            putRepoDigest(entries, manifestDigest, repoDigest);
            // a repeated push or pull records what is already there: no rewrite (and fsync) of the index
            if (!sameEntries(before, entries)) {
                index.write(entries);
            }
        }
        return get(manifestDigest).orElseThrow(() -> new NoSuchImageException(manifestDigest.toString()));
    }

    private static boolean sameEntries(List<Descriptor> a, List<Descriptor> b) {
        return a.size() == b.size() && new java.util.HashSet<>(a).equals(new java.util.HashSet<>(b));
    }

    /** Points repoDigest (its tag dropped) at the listed manifest in entries, replacing its old target. */
    private static void putRepoDigest(List<Descriptor> entries, Digest manifestDigest, ImageReference repoDigest) {
        ImageReference rd = new ImageReference(repoDigest.registry(), repoDigest.repository(), null,
                repoDigest.digest());
        Descriptor base = entries.stream().filter(d -> d.digest().equals(manifestDigest)).findFirst()
                .orElseThrow(() -> new NoSuchImageException(manifestDigest.toString()));
        entries.removeIf(d -> rd.equals(repoDigestOf(d)));
        entries.removeIf(d -> d.digest().equals(manifestDigest) && isPlain(d));
        entries.add(Descriptor.of(base.mediaType(), base.digest(), base.size())
                .withAnnotations(Map.of(IndexFile.REPO_DIGEST, rd.canonical())));
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
     * Removes one tag or repository digest (a repository's last tag takes the repository's digests with
     * it, as docker). Returns true if the image lost its last name and was removed from the index (its
     * blobs remain until {@link #gc()}).
     */
    public boolean untag(ImageReference ref) {
        try (StoreLock l = StoreLock.exclusive(paths.metadataLock())) {
            List<Descriptor> entries = new ArrayList<>(index.read());
            boolean digestRef = ImageRefs.isDigestRef(ref);
            Descriptor hit = entries.stream().filter(d -> ref.equals(digestRef ? repoDigestOf(d) : refOf(d)))
                    .findFirst().orElseThrow(() -> new NoSuchImageException(ref.familiar()));
            entries.remove(hit);
            if (!digestRef) {
                List<ImageReference> tagsLeft = entries.stream().filter(d -> d.digest().equals(hit.digest()))
                        .map(ImageStore::refOf).filter(java.util.Objects::nonNull).toList();
                entries.removeIf(d -> d.digest().equals(hit.digest()) && repoDigestOf(d) != null
                        && !ImageRefs.keepsDigest(tagsLeft, ref, repoDigestOf(d)));
            }
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
        Image img = load(manifestDigest, new Names(blobs.size(manifestDigest)));
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
