package dev.jrun.build;

import dev.jrun.image.Digest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The cache key of one build step: sha256 over the parent step's key, the instruction text after
 * expansion, and the sorted inputs (for COPY/ADD one entry per selected file: path, mode, uid/gid,
 * size and content digest, never mtimes; ARG values; the base image id; the timestamp option).
 */
public record CacheKey(Digest parent, String instruction, SortedMap<String, String> inputs) {

    public CacheKey {
        inputs = new TreeMap<>(inputs);
    }

    public static CacheKey of(Digest parent, String instruction, Map<String, String> inputs) {
        return new CacheKey(parent, instruction, new TreeMap<>(inputs));
    }

    /** The key itself. */
    public Digest digest() {
        MessageDigest md = Digest.sha256();
        update(md, parent == null ? "" : parent.toString());
        update(md, instruction);
        for (Map.Entry<String, String> e : inputs.entrySet()) {
            update(md, e.getKey());
            update(md, e.getValue());
        }
        return Digest.fromSha256(md);
    }

    /** Identifies "the same step after the same parent", whatever the inputs: where miss explanations look. */
    public Digest stepSlot() {
        MessageDigest md = Digest.sha256();
        update(md, parent == null ? "" : parent.toString());
        update(md, instruction);
        return Digest.fromSha256(md);
    }

    private static void update(MessageDigest md, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        md.update(Integer.toString(b.length).getBytes(StandardCharsets.US_ASCII));
        md.update((byte) ':');
        md.update(b);
    }

    /** The input line for one file: {@code mode uid:gid size sha256} (or the link target / "dir"). */
    public static String fileInput(FsEntry e, Digest content) {
        String what = switch (e.kind()) {
            case FILE -> e.size() + " " + (content == null ? "" : content.toString());
            case SYMLINK, HARDLINK -> "-> " + e.linkTarget();
            default -> e.kind().name().toLowerCase(java.util.Locale.ROOT);
        };
        return Integer.toOctalString(e.mode()) + " " + e.uid() + ":" + e.gid() + " " + what;
    }
}
