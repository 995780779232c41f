package dev.jrun.image;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.jrun.JrunException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** A content digest such as {@code sha256:<64 hex>}; the only form jrun writes is sha256. */
public record Digest(String algorithm, String hex) implements Comparable<Digest> {
    // written out: the record's generated equals/hashCode bootstrap through invokedynamic (start-up cost)
    @Override
    public boolean equals(Object o) {
        return o instanceof Digest d && algorithm.equals(d.algorithm) && hex.equals(d.hex);
    }

    @Override
    public int hashCode() {
        return 31 * algorithm.hashCode() + hex.hashCode();
    }


    public Digest {
        if (algorithm == null || !validAlgorithm(algorithm)) {
            throw new JrunException("invalid digest algorithm: " + algorithm);
        }
        if (hex == null || !validEncoded(hex)) {
            throw new JrunException("invalid digest: " + algorithm + ":" + hex);
        }
        int expected = switch (algorithm) {
            case "sha256" -> 64;
            case "sha384" -> 96;
            case "sha512" -> 128;
            default -> -1;
        };
        if (expected > 0 && (hex.length() != expected || !ReferenceGrammar.lowerHex(hex, 0, 1, Integer.MAX_VALUE))) {
            throw new JrunException("invalid " + algorithm + " digest: " + algorithm + ":" + hex
                    + " (want " + expected + " lowercase hex characters)");
        }
    }

    // The OCI grammar by hand: a regex here was the first of the JVM, whose set-up costs milliseconds.

    /** {@code [a-z0-9]+([.+_-][a-z0-9]+)*}. */
    private static boolean validAlgorithm(String s) {
        boolean afterSeparator = true;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 'a' && c <= 'z' || c >= '0' && c <= '9') {
                afterSeparator = false;
            } else if ((c == '.' || c == '+' || c == '_' || c == '-') && !afterSeparator) {
                afterSeparator = true;
            } else {
                return false;
            }
        }
        return !afterSeparator;
    }

    /** {@code [a-zA-Z0-9=_-]+}. */
    private static boolean validEncoded(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '=' || c == '_'
                    || c == '-')) {
                return false;
            }
        }
        return !s.isEmpty();
    }

    /** Parses {@code algorithm:encoded}; throws a JrunException naming the bad text. */
    @JsonCreator
    public static Digest parse(String text) {
        if (text == null) {
            throw new JrunException("missing digest");
        }
        int colon = text.indexOf(':');
        if (colon <= 0) {
            throw new JrunException("invalid digest \"" + text + "\": want algorithm:hex, e.g. sha256:...");
        }
        return new Digest(text.substring(0, colon), text.substring(colon + 1));
    }

    public static boolean isValid(String text) {
        try {
            parse(text);
            return true;
        } catch (JrunException e) {
            return false;
        }
    }

    public static Digest sha256(byte[] data) {
        return new Digest("sha256", HexFormat.of().formatHex(sha256().digest(data)));
    }

    public static Digest sha256(String text) {
        return sha256(text.getBytes(StandardCharsets.UTF_8));
    }

    public static Digest sha256(InputStream in) throws IOException {
        MessageDigest md = sha256();
        byte[] buf = new byte[1 << 16];
        for (int n; (n = in.read(buf)) > 0; ) {
            md.update(buf, 0, n);
        }
        return fromSha256(md);
    }

    public static Digest fromSha256(MessageDigest md) {
        return new Digest("sha256", HexFormat.of().formatHex(md.digest()));
    }

    public static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The first 12 hex characters, as docker shows image ids. */
    public String shortHex() {
        return hex.substring(0, Math.min(12, hex.length()));
    }

    @JsonValue
    @Override
    public String toString() {
        return algorithm + ":" + hex;
    }

    @Override
    public int compareTo(Digest o) {
        return toString().compareTo(o.toString());
    }
}
