package dev.jrun.registry;

import dev.jrun.JrunException;
import dev.jrun.image.Descriptor;
import dev.jrun.image.Digest;
import dev.jrun.image.ImageReference;
import dev.jrun.image.Platform;
import dev.jrun.store.BlobStore;
import dev.jrun.store.Image;
import dev.jrun.store.ImageStore;
import dev.jrun.store.StoreLock;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Pulls an image into the store: resolves the manifest (picking the platform from an index), fetches
 * the config and the layers the store lacks (in parallel, each verified), stores the manifest bytes
 * exactly as received, then registers the tag. A killed pull leaves only finished, verified blobs.
 */
public final class Puller {
    private final ImageStore store;
    private final RegistryOptions options;

    public Puller(ImageStore store, RegistryOptions options) {
        this.store = store;
        this.options = options;
    }

    public Image pull(ImageReference ref, Platform platform, ProgressListener listener) {
        RegistryClient client = new RegistryClient(ref.registry(), options, false);
        ManifestPuller.Resolved r = ManifestPuller.resolve(client, ref, platform == null ? Platform.host() : platform);
        listener.resolved(ref, r.indexDigest() != null ? r.indexDigest() : r.digest());
        dev.jrun.Timing.mark("pull: manifest resolved");
        BlobStore blobs = store.blobs();
        BlobPuller puller = new BlobPuller(client, ref.repository(), blobs);
        try (StoreLock lease = store.lease()) {
            Descriptor config = r.manifest().config();
            // the manifest (verified, in memory) is stored alongside the downloads rather than after them:
            // its fdatasync cost 3-18 ms at the end of every pull
            Runnable storeManifest = blobs.exists(r.digest()) ? null : () ->
                    blobs.put(new ByteArrayInputStream(r.bytes()), r.digest(), "manifest " + r.digest() + " of " + ref);
            fetchBlobs(puller, blobs.exists(config.digest()) ? null : config, r.manifest().layers(), storeManifest,
                    listener);
            dev.jrun.Timing.mark("pull: blobs stored");
            List<ImageReference> tags = ref.tag() != null ? List.of(ref.withTag(ref.tag())) : List.of();
            Digest known = r.indexDigest() != null ? r.indexDigest() : r.digest();
            Image img = store.register(r.digest(), tags,
                    new ImageReference(ref.registry(), ref.repository(), null, known));
            List<Digest> seen = new ArrayList<>(img.layerDigests());
            seen.add(config.digest());
            dev.jrun.Timing.mark("pull: image registered");
            new BlobSources(store.paths().registry()).record(ref.registry(), ref.repository(), seen);
            return img;
        }
    }

    /**
     * Fetches the config (if not null) and the missing layers at once, up to options.parallel() at a time,
     * and runs storeManifest (if not null) beside them.
     */
    private void fetchBlobs(BlobPuller puller, Descriptor config, List<Descriptor> layers, Runnable storeManifest,
                            ProgressListener listener) {
        List<Descriptor> missing = new ArrayList<>();
        for (Descriptor l : layers) {
            if (store.blobs().exists(l.digest())) {
                listener.exists(l);
            } else if (missing.stream().noneMatch(m -> m.digest().equals(l.digest()))) {
                missing.add(l);
            }
        }
        if (config != null && missing.stream().noneMatch(m -> m.digest().equals(config.digest()))) {
            missing.add(0, config);
        }
        if (missing.isEmpty() || storeManifest == null && missing.size() == 1 && missing.get(0) == config) {
            if (!missing.isEmpty()) {
                puller.pull(config, ProgressListener.NONE);
            }
            if (storeManifest != null) {
                storeManifest.run();
            }
            return;
        }
        int extra = (config != null ? 1 : 0) + (storeManifest != null ? 1 : 0);
        int threads = Math.max(1, Math.min(options.parallel() + extra, missing.size() + (storeManifest != null ? 1 : 0)));
        ExecutorService pool = Executors.newFixedThreadPool(threads,
                r -> {
                    Thread t = new Thread(r, "jrun-pull");
                    t.setDaemon(true);
                    return t;
                });
        try {
            List<Future<?>> futures = new ArrayList<>();
            if (storeManifest != null) {
                futures.add(pool.submit(storeManifest));
            }
            for (Descriptor l : missing) {
                if (l == config) {
                    futures.add(pool.submit(() -> puller.pull(config, ProgressListener.NONE)));
                    continue;
                }
                futures.add(pool.submit(() -> {
                    listener.started(l);
                    puller.pull(l, listener);
                    listener.finished(l);
                }));
            }
            for (Future<?> f : futures) {
                await(f);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    static void await(Future<?> f) {
        try {
            f.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof JrunException je) {
                throw je;
            }
            throw new JrunException("transfer failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new JrunException("interrupted", e);
        }
    }
}
