package dev.jrun.image;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jrun.JrunException;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.Base64;

/**
 * The digest of a manifest as registries compute it: sha256 over the exact bytes received, never over
 * re-serialized JSON. A signed Docker schema 1 manifest (JWS "pretty signature") is hashed without its
 * signatures, as containers/image's manifest.Digest and libtrust do: the payload is the first
 * {@code formatLength} bytes followed by the decoded {@code formatTail} from the protected header.
 */
public final class ManifestDigest {
    private ManifestDigest() {
    }

    public static Digest of(byte[] manifest) {
        if (MediaTypes.DOCKER_SCHEMA1_SIGNED.equals(ManifestMediaType.guess(manifest))) {
            return Digest.sha256(jwsPayload(manifest));
        }
        return Digest.sha256(manifest);
    }

    /** True if the manifest's digest is {@code expected}; a schema 1 manifest with bad signatures throws. */
    public static boolean matches(byte[] manifest, Digest expected) {
        return of(manifest).equals(expected);
    }

    /** The signed content of a schema 1 manifest: its bytes with the "signatures" block cut out. */
    static byte[] jwsPayload(byte[] manifest) {
        JsonNode root = Json.tree(manifest, "signed schema 1 manifest");
        JsonNode sigs = root.get("signatures");
        if (sigs == null || !sigs.isArray() || sigs.isEmpty()) {
            throw bad("\"signatures\" must be a non-empty array of JWS signatures, not "
                    + (sigs == null ? "missing" : JsonChecks.describe(sigs)));
        }
        long formatLength = -1;
        byte[] formatTail = null;
        for (int i = 0; i < sigs.size(); i++) {
            JsonNode s = sigs.get(i);
            JsonNode protectedB64 = s.isObject() ? s.get("protected") : null;
            if (protectedB64 == null || !protectedB64.isTextual()) {
                throw bad("signatures[" + i + "] has no \"protected\" header string");
            }
            JsonNode header = Json.tree(joseBase64(protectedB64.asText(), i), "schema 1 signatures[" + i + "] protected header");
            JsonNode length = header.get("formatLength");
            JsonNode tail = header.get("formatTail");
            if (length == null || !length.isNumber() || tail == null || !tail.isTextual()) {
                throw bad("signatures[" + i + "] protected header lacks formatLength or formatTail");
            }
            byte[] t = joseBase64(tail.asText(), i);
            if (formatLength >= 0 && (formatLength != length.asLong() || !Arrays.equals(formatTail, t))) {
                throw bad("signatures[" + i + "] disagrees with signatures[0] on formatLength or formatTail");
            }
            formatLength = length.asLong();
            formatTail = t;
        }
        if (formatLength < 0 || formatLength > manifest.length) {
            throw bad("formatLength " + formatLength + " is outside the manifest's " + manifest.length + " bytes");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(manifest, 0, (int) formatLength);
        out.write(formatTail, 0, formatTail.length);
        return out.toByteArray();
    }

    /** JOSE base64url: no padding, and libtrust drops spaces and newlines first. */
    private static byte[] joseBase64(String s, int i) {
        String t = s.replace("\n", "").replace(" ", "");
        try {
            if (t.length() % 4 == 1) {
                throw new IllegalArgumentException("impossible length " + t.length());
            }
            return Base64.getUrlDecoder().decode(t);
        } catch (IllegalArgumentException e) {
            throw bad("signatures[" + i + "]: invalid base64url \"" + t + "\": " + e.getMessage());
        }
    }

    private static JrunException bad(String problem) {
        return new JrunException("cannot digest signed schema 1 manifest: " + problem);
    }
}
