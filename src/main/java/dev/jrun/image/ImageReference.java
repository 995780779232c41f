package dev.jrun.image;

import dev.jrun.JrunException;
import java.util.Locale;

/**
 * An image reference parsed as docker does: {@code busybox} is {@code docker.io/library/busybox:latest};
 * {@code host:5000/a/b:tag}, {@code name@sha256:...} and {@code name:tag@sha256:...} are accepted.
 *
 * @param registry  the registry host[:port], never null ({@code docker.io} by default)
 * @param repository the path within the registry, e.g. {@code library/busybox}
 * @param tag       the tag, or null when only a digest was given
 * @param digest    the digest, or null
 */
public record ImageReference(String registry, String repository, String tag, Digest digest) {
    // equals and hashCode written out: a record's generated ones bootstrap through invokedynamic, whose
    // first call costs ~10 ms of start-up (store lookups compare references at every command)
    @Override
    public boolean equals(Object o) {
        return o instanceof ImageReference r && java.util.Objects.equals(registry, r.registry)
                && java.util.Objects.equals(repository, r.repository) && java.util.Objects.equals(tag, r.tag)
                && java.util.Objects.equals(digest, r.digest);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(registry, repository, tag, digest);
    }

    public static final String DOCKER_HUB = "docker.io";
    /** Docker Hub's old name; docker rewrites it to {@link #DOCKER_HUB}. */
    private static final String LEGACY_DOCKER_HUB = "index.docker.io";

    public ImageReference {
        if (registry == null || !ReferenceGrammar.domain(registry)) {
            throw new JrunException("invalid registry in image reference: " + registry);
        }
        if (repository == null || !ReferenceGrammar.path(repository)) {
            throw new JrunException("invalid repository name \"" + repository + "\": want lowercase letters and digits,"
                    + " separated by one of . _ __ or dashes, in components joined by /");
        }
        if (repository.length() > 255) {
            throw new JrunException("repository name must not be more than 255 characters (it has "
                    + repository.length() + ")");
        }
        if (tag != null && !ReferenceGrammar.tag(tag)) {
            throw new JrunException("invalid tag \"" + tag + "\": want [A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");
        }
        if (tag == null && digest == null) {
            tag = "latest";
        }
    }

    /** Parses a reference like docker; the error names the bad reference and what is wrong with it. */
    public static ImageReference parse(String text) {
        try {
            return doParse(text);
        } catch (JrunException e) {
            throw new JrunException("invalid reference format \"" + text + "\": " + e.getMessage());
        }
    }

    private static ImageReference doParse(String text) {
        if (text == null || text.isEmpty()) {
            throw new JrunException("empty reference");
        }
        if (ReferenceGrammar.lowerHex(text, 0, 64, 64)) {
            throw new JrunException("a 64-character hex string is an image id, not a repository name");
        }
        // Split off the registry as docker's splitDockerDomain does: the first component is a registry
        // if it is localhost, or has a dot, a colon or an uppercase letter.
        String registry = DOCKER_HUB;
        String remainder = text;
        int slash = text.indexOf('/');
        if (slash >= 0) {
            String head = text.substring(0, slash);
            if (head.equals("localhost") || head.contains(".") || head.contains(":")
                    || !head.equals(head.toLowerCase(Locale.ROOT))) {
                registry = head.equals(LEGACY_DOCKER_HUB) ? DOCKER_HUB : head;
                remainder = text.substring(slash + 1);
            }
        }
        if (registry.equals(DOCKER_HUB) && remainder.indexOf('/') < 0) {
            remainder = "library/" + remainder;
        }
        if (!ReferenceGrammar.domain(registry)) {
            throw new JrunException("invalid registry \"" + registry + "\": want host[:port]");
        }
        Digest digest = null;
        int at = remainder.indexOf('@');
        if (at >= 0) {
            digest = Digest.parse(remainder.substring(at + 1));
            if (!java.util.Set.of("sha256", "sha384", "sha512").contains(digest.algorithm())) {
                throw new JrunException("unsupported digest algorithm " + digest.algorithm());
            }
            remainder = remainder.substring(0, at);
        }
        String tag = null;
        int colon = remainder.indexOf(':');
        if (colon >= 0) {
            tag = remainder.substring(colon + 1);
            remainder = remainder.substring(0, colon);
            if (tag.isEmpty()) {
                throw new JrunException("empty tag");
            }
        }
        if (!remainder.equals(remainder.toLowerCase(Locale.ROOT))) {
            throw new JrunException("repository name \"" + remainder + "\" must be lowercase");
        }
        return new ImageReference(registry, remainder, tag, digest);
    }

    /** True if text looks like a reference rather than an image id or id prefix. */
    public static boolean looksLikeId(String text) {
        return ReferenceGrammar.lowerHex(text, text.startsWith("sha256:") ? 7 : 0, 1, 64);
    }

    /** The repository with its registry: {@code docker.io/library/busybox}. */
    public String name() {
        return registry + "/" + repository;
    }

    /** The full name: {@code docker.io/library/busybox:latest} (and {@code @digest} when set). */
    public String canonical() {
        return name() + (tag != null ? ":" + tag : "") + (digest != null ? "@" + digest : "");
    }

    /** The short form docker prints: {@code busybox:latest}, {@code host:5000/a/b:tag}. */
    public String familiar() {
        return familiarName() + (tag != null ? ":" + tag : "") + (digest != null ? "@" + digest : "");
    }

    /** The repository as docker shows it in the REPOSITORY column. */
    public String familiarName() {
        if (!registry.equals(DOCKER_HUB)) {
            return name();
        }
        // Only an official image drops "library/": docker.io/library/a/b stays library/a/b.
        String rest = repository.startsWith("library/") ? repository.substring(8) : repository;
        return rest.contains("/") ? repository : rest;
    }

    public ImageReference withTag(String newTag) {
        return new ImageReference(registry, repository, newTag, null);
    }

    @Override
    public String toString() {
        return canonical();
    }
}
