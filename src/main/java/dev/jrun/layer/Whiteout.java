package dev.jrun.layer;

import java.util.Optional;

/**
 * A whiteout entry of an OCI layer tar: {@code .wh.<name>} hides {@code <name>} of lower layers,
 * {@code .wh..wh..opq} hides everything lower layers have in its directory.
 */
public sealed interface Whiteout {
    String PREFIX = ".wh.";
    String OPAQUE = ".wh..wh..opq";

    /** {@code .wh.<name>} in {@code directory}: hide {@code directory/name}. */
    record File(String directory, String name) implements Whiteout {
        public File {
            if (name.isEmpty() || name.equals(".") || name.equals("..") || name.contains("/")) {
                throw new IllegalArgumentException("invalid whiteout target name '" + name + "'");
            }
        }

        /** Root-relative path of the hidden entry. */
        public String target() {
            return directory.isEmpty() ? name : directory + "/" + name;
        }
    }

    /** {@code .wh..wh..opq} in {@code directory}: hide all lower-layer children of directory. */
    record Opaque(String directory) implements Whiteout {
    }

    /**
     * The whiteout a cleaned, root-relative entry path stands for; empty for an ordinary entry.
     * Other {@code .wh..wh.} names (aufs metadata such as {@code .wh..wh.plnk}) throw, so callers
     * can skip them with a warning.
     */
    public static Optional<Whiteout> parse(String relPath) {
        if (!relPath.contains(PREFIX)) {
            return Optional.empty(); // every case below needs ".wh." somewhere: one scan for ordinary names
        }
        int slash = relPath.lastIndexOf('/');
        String dir = slash < 0 ? "" : relPath.substring(0, slash);
        String base = relPath.substring(slash + 1);
        if (dir.startsWith(PREFIX + PREFIX) || dir.contains("/" + PREFIX + PREFIX)) {
            throw new IllegalArgumentException("unsupported entry under aufs metadata directory");
        }
        if (!base.startsWith(PREFIX)) {
            return Optional.empty();
        }
        if (base.equals(OPAQUE)) {
            return Optional.of(new Opaque(dir));
        }
        if (base.startsWith(PREFIX + PREFIX)) {
            throw new IllegalArgumentException("unsupported aufs metadata entry '" + base + "'");
        }
        return Optional.of(new File(dir, base.substring(PREFIX.length())));
    }
}
