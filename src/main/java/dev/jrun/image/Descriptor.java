package dev.jrun.image;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import dev.jrun.JrunException;
import java.util.List;
import java.util.Map;

/** An OCI content descriptor: what a blob is, its digest and size. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@JsonIgnoreProperties(ignoreUnknown = true)
public record Descriptor(
        String mediaType,
        Digest digest,
        long size,
        List<String> urls,
        Map<String, String> annotations,
        Platform platform,
        String artifactType) {

    // written out, as in Digest: the record's generated equals/hashCode bootstrap through invokedynamic
    // (java.lang.runtime.ObjectMethods spins ~13 method-handle classes, 10-30 ms, at the first comparison,
    // e.g. when a repeated push checks that the store's index is unchanged)
    @Override
    public boolean equals(Object o) {
        return o instanceof Descriptor d && size == d.size && mediaType.equals(d.mediaType)
                && digest.equals(d.digest) && java.util.Objects.equals(urls, d.urls)
                && java.util.Objects.equals(annotations, d.annotations)
                && java.util.Objects.equals(platform, d.platform)
                && java.util.Objects.equals(artifactType, d.artifactType);
    }

    @Override
    public int hashCode() {
        int h = 31 * mediaType.hashCode() + digest.hashCode();
        h = 31 * h + Long.hashCode(size);
        h = 31 * h + java.util.Objects.hashCode(urls);
        h = 31 * h + java.util.Objects.hashCode(annotations);
        h = 31 * h + java.util.Objects.hashCode(platform);
        return 31 * h + java.util.Objects.hashCode(artifactType);
    }

    public Descriptor {
        if (mediaType == null || mediaType.isEmpty()) {
            throw new JrunException("descriptor without mediaType");
        }
        if (digest == null) {
            throw new JrunException("descriptor without digest");
        }
        if (size < 0) {
            throw new JrunException("descriptor of " + digest + " has negative size " + size);
        }
        urls = urls == null ? null : List.copyOf(urls);
        annotations = annotations == null ? null : Map.copyOf(annotations);
    }

    public static Descriptor of(String mediaType, Digest digest, long size) {
        return new Descriptor(mediaType, digest, size, null, null, null, null);
    }

    public Descriptor withAnnotations(Map<String, String> newAnnotations) {
        return new Descriptor(mediaType, digest, size, urls, newAnnotations, platform, artifactType);
    }

    public Descriptor withPlatform(Platform p) {
        return new Descriptor(mediaType, digest, size, urls, annotations, p, artifactType);
    }

    public String annotation(String key) {
        return annotations == null ? null : annotations.get(key);
    }
}
