package dev.jrun.registry;

import dev.jrun.image.Descriptor;
import dev.jrun.image.Digest;
import dev.jrun.image.ImageIndex;
import dev.jrun.image.ImageReference;
import dev.jrun.image.Manifest;
import dev.jrun.image.MediaTypes;
import dev.jrun.image.Platform;
import java.util.ArrayList;
import java.util.List;

/** Resolves a reference to one image manifest, picking the platform's entry when it names an index. */
public final class ManifestPuller {
    private ManifestPuller() {
    }

    /** An image manifest as received (exact bytes), and the index it was picked from, if any. */
    public record Resolved(byte[] bytes, String mediaType, Digest digest, Manifest manifest, Digest indexDigest) {
    }

    public static Resolved resolve(RegistryClient client, ImageReference ref, Platform platform) {
        String reference = ref.digest() != null ? ref.digest().toString() : ref.tag();
        String where = client.registry() + "/" + ref.repository();
        RegistryClient.ManifestResponse m = client.getManifest(ref.repository(), reference);
        Digest indexDigest = null;
        if (MediaTypes.isIndex(m.mediaType())) {
            ImageIndex idx = parse(() -> ImageIndex.parse(m.bytes(), "index " + m.digest()), where);
            Descriptor pick = select(idx, platform, where + ":" + reference);
            indexDigest = m.digest();
            RegistryClient.ManifestResponse inner = client.getManifest(ref.repository(), pick.digest().toString());
            if (MediaTypes.isIndex(inner.mediaType())) {
                throw new RegistryException("index " + m.digest() + " of " + where + " points to another index "
                        + pick.digest() + "; nested indexes are not supported", 200, null);
            }
            return toResolved(inner, indexDigest, where);
        }
        return toResolved(m, null, where);
    }

    private static Resolved toResolved(RegistryClient.ManifestResponse m, Digest indexDigest, String where) {
        if (!MediaTypes.isManifest(m.mediaType())) {
            throw new RegistryException("manifest " + m.digest() + " of " + where + " has media type "
                    + m.mediaType() + ", which is not an image manifest jrun can run", 200, null);
        }
        Manifest parsed = parse(() -> Manifest.parse(m.bytes(), m.digest()), where);
        return new Resolved(m.bytes(), m.mediaType(), m.digest(), parsed, indexDigest);
    }

    private static <T> T parse(java.util.function.Supplier<T> p, String where) {
        try {
            return p.get();
        } catch (RegistryException e) {
            throw e;
        } catch (dev.jrun.JrunException e) {
            throw new RegistryException("from " + where + ": " + e.getMessage(), 200, "MANIFEST_INVALID");
        }
    }

    /** The index entry for a platform: os and architecture equal, then the variant asked for (or the best). */
    public static Descriptor select(ImageIndex idx, Platform want, String where) {
        Descriptor best = null;
        int bestScore = -1;
        List<String> offered = new ArrayList<>();
        for (Descriptor d : idx.manifests()) {
            Platform p = d.platform();
            if (p == null) {
                continue;
            }
            offered.add(p.toString());
            if (!p.os().equals(want.os()) || !p.architecture().equals(want.architecture())) {
                continue;
            }
            int score = variantScore(want, p);
            if (score > bestScore) {
                best = d;
                bestScore = score;
            }
        }
        if (best == null) {
            throw new RegistryException("no image for platform " + want + " in " + where + " (it offers: "
                    + (offered.isEmpty() ? "none" : String.join(", ", offered)) + ")", 404, "MANIFEST_UNKNOWN");
        }
        return best;
    }

    /** -1 no match; higher is better. arm64 without a variant counts as v8, as containerd does. */
    static int variantScore(Platform want, Platform have) {
        String w = normVariant(want), h = normVariant(have);
        if (w == null) {
            return h == null ? 2 : 1;
        }
        if (w.equals(h)) {
            return 3;
        }
        return -1;
    }

    private static String normVariant(Platform p) {
        String v = p.variant() == null || p.variant().isEmpty() ? null : p.variant();
        if (p.architecture().equals("arm64") && v == null) {
            return "v8";
        }
        return v;
    }
}
