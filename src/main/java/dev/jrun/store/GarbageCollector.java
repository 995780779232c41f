package dev.jrun.store;

import dev.jrun.JrunException;
import dev.jrun.image.ChainId;
import dev.jrun.image.Descriptor;
import dev.jrun.image.Digest;
import dev.jrun.image.ImageIndex;
import dev.jrun.image.Manifest;
import dev.jrun.image.MediaTypes;
import java.util.HashSet;
import java.util.Set;

/**
 * Mark and sweep over the blob store: everything reachable from index.json (indexes, manifests,
 * configs, layers) is kept, the rest deleted. Reference counts are never stored, so they cannot drift.
 * Runs under the exclusive gc lock, so no load or pull is half-way through writing blobs.
 */
public final class GarbageCollector {
    private final ImageStore store;

    /** What was removed: blobs, their bytes, and unpacked layer directories. */
    public record Result(int blobs, long bytes, int layerDirs) {
    }

    GarbageCollector(ImageStore store) {
        this.store = store;
    }

    Result run() {
        try (StoreLock gc = StoreLock.exclusive(store.paths().gcLock());
             StoreLock meta = StoreLock.exclusive(store.paths().metadataLock())) {
            Set<Digest> live = new HashSet<>();
            for (Descriptor d : store.indexEntries()) {
                mark(d, live);
            }
            int count = 0;
            long bytes = 0;
            for (Digest d : store.blobs().list()) {
                if (!live.contains(d)) {
                    bytes += store.blobs().size(d);
                    store.blobs().delete(d);
                    count++;
                }
            }
            Set<Digest> chains = new HashSet<>();
            for (Image img : store.list()) {
                chains.addAll(ChainId.of(img.config().diffIds()));
            }
            chains.addAll(ContainerRefs.layerChainIds(store.paths()));
            return new Result(count, bytes, LayerStore.prune(store.paths(), chains));
        }
    }

    private void mark(Descriptor d, Set<Digest> live) {
        if (!live.add(d.digest()) || !store.blobs().exists(d.digest())) {
            return;
        }
        if (MediaTypes.isIndex(d.mediaType())) {
            byte[] bytes = store.blobs().read(d.digest());
            for (Descriptor child : ImageIndex.parse(bytes, "index " + d.digest()).manifests()) {
                mark(child, live);
            }
        } else if (MediaTypes.isManifest(d.mediaType())) {
            try {
                Manifest m = Manifest.parse(store.blobs().read(d.digest()), d.digest());
                live.add(m.config().digest());
                m.layers().forEach(l -> live.add(l.digest()));
            } catch (JrunException e) {
                // an unreadable manifest keeps its own blob; it is reported by verify, not deleted here
            }
        }
    }
}
