package dev.jrun.image;

import dev.jrun.JrunException;
import java.util.regex.Pattern;

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
    public static final String DOCKER_HUB = "docker.io";
    private static final String COMPONENT = "[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*";
    private static final Pattern PATH = Pattern.compile(COMPONENT + "(?:/" + COMPONENT + ")*");
    private static final Pattern DOMAIN = Pattern.compile(
            "(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*"
                    + "|\\[[0-9a-fA-F:]+\\])(?::[0-9]+)?");
    private static final Pattern TAG = Pattern.compile("[\\w][\\w.-]{0,127}");
    private static final Pattern ID = Pattern.compile("[a-f0-9]{64}");

    public ImageReference {
        if (registry == null || !DOMAIN.matcher(registry).matches()) {
            throw new JrunException("invalid registry in image reference: " + registry);
        }
        if (repository == null || !PATH.matcher(repository).matches()) {
            throw new JrunException("invalid repository name: " + repository);
        }
        if (tag != null && !TAG.matcher(tag).matches()) {
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
        String rest = text;
        Digest digest = null;
        int at = rest.indexOf('@');
        if (at >= 0) {
            digest = Digest.parse(rest.substring(at + 1));
            rest = rest.substring(0, at);
        }
        String tag = null;
        int slash = rest.lastIndexOf('/');
        int colon = rest.lastIndexOf(':');
        if (colon > slash) {
            tag = rest.substring(colon + 1);
            rest = rest.substring(0, colon);
            if (tag.isEmpty()) {
                throw new JrunException("empty tag");
            }
        }
        if (ID.matcher(rest).matches()) {
            throw new JrunException("a 64-character hex string is an image id, not a repository name");
        }
        if (rest.length() > 255) {
            throw new JrunException("repository name longer than 255 characters");
        }
        String registry = DOCKER_HUB;
        String path = rest;
        int first = rest.indexOf('/');
        if (first > 0) {
            String head = rest.substring(0, first);
            if (head.contains(".") || head.contains(":") || head.equals("localhost") || !head.equals(head.toLowerCase())) {
                registry = head;
                path = rest.substring(first + 1);
            }
        }
        if (!path.equals(path.toLowerCase())) {
            throw new JrunException("repository name must be lowercase");
        }
        if (registry.equals("index.docker.io") || registry.equals("registry-1.docker.io")) {
            registry = DOCKER_HUB;
        }
        if (registry.equals(DOCKER_HUB) && !path.contains("/")) {
            path = "library/" + path;
        }
        return new ImageReference(registry, path, tag, digest);
    }

    /** True if text looks like a reference rather than an image id or id prefix. */
    public static boolean looksLikeId(String text) {
        return text.matches("(sha256:)?[a-f0-9]{1,64}") && !text.contains("/");
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
        return repository.startsWith("library/") ? repository.substring(8) : repository;
    }

    public ImageReference withTag(String newTag) {
        return new ImageReference(registry, repository, newTag, null);
    }

    @Override
    public String toString() {
        return canonical();
    }
}
