package dev.jrun.layer;

/** One line of {@code jrun diff}: a path of the container's rootfs added, changed or deleted. */
public record Change(Kind kind, String path) {
    /** docker diff's letters. */
    public enum Kind { A, C, D }

    public Change {
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("change path must be absolute: " + path);
        }
    }

    @Override
    public String toString() {
        return kind + " " + path;
    }
}
