package dev.jrun.registry;

import dev.jrun.image.Descriptor;
import dev.jrun.image.Digest;
import dev.jrun.image.ImageReference;
import dev.jrun.store.Image;
import dev.jrun.store.ImageStore;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Pushes an image from the store: each layer and the config unless the registry has it (HEAD), mounted
 * from another repository of the same registry when jrun knows one that holds it, else uploaded; then
 * the manifest, byte for byte as stored, so the digest the registry reports is the local one.
 *
 * <p>Layers are pushed as stored. An uncompressed layer stays uncompressed (OCI allows
 * {@code ...layer.v1.tar}): gzipping on push would change the manifest and so its digest, breaking the
 * promise that the pushed digest is the image's local digest, and cost CPU on every push.
 *
 * <p>A repeated push (the registry holds the manifest) runs no lambda, method reference or stream, nor
 * does the HTTP client: linking the first one costs a cold JVM ~5 ms and each further one about 1 ms.
 */
public final class Pusher {
    /** What the registry now holds: the manifest's digest and size. */
    public record Result(Digest digest, long size) {
    }

    private final ImageStore store;
    private final RegistryOptions options;

    public Pusher(ImageStore store, RegistryOptions options) {
        this.store = store;
        this.options = options;
    }

    public Result push(Image img, ImageReference target, ProgressListener listener) {
        RegistryClient client = new RegistryClient(target.registry(), options, true);
        String repo = target.repository();
        BlobSources sources = new BlobSources(store.paths().registry());
        BlobUploader up = new BlobUploader(client, repo, store.blobs(), options);
        List<Descriptor> blobs = new ArrayList<>(img.manifest().layers());
        String reference = target.tag() != null ? target.tag() : img.manifestDigest().toString();
        // pushed here before (the store has this repo digest): its blob sources were recorded then, and a
        // repeated push neither reads nor writes the hints (a hint: its order is the only thing it would change)
        boolean pushedBefore = img.repoDigests().contains(
                new ImageReference(target.registry(), repo, null, img.manifestDigest()));
        if (!pushedBefore) {
            sources.preload(); // while the connection may still be opening: recorded after the answer
        }
        boolean there = alreadyThere(client, repo, reference, img.manifestDigest());
        dev.jrun.Timing.mark("push: manifest HEAD");
        if (there) {
            for (Descriptor l : blobs) {
                listener.exists(l);
            }
            if (!pushedBefore) {
                remember(img, target, sources, img.manifestDigest());
            }
            return new Result(img.manifestDigest(), img.manifestSize());
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, options.parallel()), r -> {
            Thread t = new Thread(r, "jrun-push");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (Descriptor l : blobs) {
                futures.add(pool.submit(() -> pushBlob(client, up, sources, target, l, listener)));
            }
            futures.add(pool.submit(() -> pushBlob(client, up, sources, target, img.manifest().config(),
                    ProgressListener.NONE)));
            for (Future<?> f : futures) {
                Puller.await(f);
            }
        } finally {
            pool.shutdownNow();
        }
        dev.jrun.Timing.mark("push: blobs there");
        byte[] manifest = store.blobs().read(img.manifestDigest());
        Digest pushed = client.putManifest(repo, reference, manifest, img.manifest().effectiveMediaType());
        dev.jrun.Timing.mark("push: manifest PUT");
        remember(img, target, sources, pushed);
        return new Result(pushed, manifest.length);
    }

    /**
     * Whether the registry already holds exactly this manifest under reference. Then it holds every blob
     * the manifest names (a registry refuses a manifest whose blobs it lacks, and keeps them while a
     * manifest refers to them), so a repeated push is one HEAD instead of a HEAD per blob and a PUT.
     * Any other answer (404, another digest, an error, a malformed digest header) means a full push,
     * whose requests report errors as usual.
     */
    private static boolean alreadyThere(RegistryClient client, String repo, String reference, Digest manifest) {
        try {
            Optional<Descriptor> d = client.headManifest(repo, reference);
            return d.isPresent() && d.get().digest().equals(manifest);
        } catch (dev.jrun.JrunException e) {
            return false;
        }
    }

    /** Notes where the image now is: blob sources for later mounts, the repo digest in the store. */
    private void remember(Image img, ImageReference target, BlobSources sources, Digest pushed) {
        String repo = target.repository();
        List<Digest> all = new ArrayList<>(img.layerDigests());
        all.add(img.id());
        sources.record(target.registry(), repo, all);
        ImageReference repoDigest = new ImageReference(target.registry(), repo, null, pushed);
        if (!img.repoDigests().contains(repoDigest)) { // else a repeated push: no lock, no index read
            store.addRepoDigest(img.manifestDigest(), repoDigest);
        }
    }

    private void pushBlob(RegistryClient client, BlobUploader up, BlobSources sources, ImageReference target,
                          Descriptor d, ProgressListener listener) {
        String repo = target.repository();
        if (client.blobExists(repo, d.digest())) {
            listener.exists(d);
            return;
        }
        listener.started(d);
        Optional<URI> session = Optional.empty();
        for (String from : sources.repositories(d.digest(), target.registry())) {
            if (from.equals(repo)) {
                continue;
            }
            try {
                session = client.startUpload(repo, d.digest(), from);
            } catch (RegistryException e) {
                continue;
            }
            if (session.isEmpty()) {
                listener.mounted(d, from);
                return;
            }
            break;
        }
        up.upload(d, session.orElse(null), listener);
        listener.finished(d);
    }
}
