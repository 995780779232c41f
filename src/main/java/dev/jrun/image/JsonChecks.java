package dev.jrun.image;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jrun.JrunException;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Base64;
import java.util.Iterator;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Field-by-field checks over a Jackson tree, as image-spec's JSON Schemas and Go structs require.
 * Every failure names the document ({@code what}) and the JSON path: {@code manifest layers[2].digest: ...}.
 * A field that is absent is skipped unless required; an explicit JSON null is refused where the
 * schema gives only a type (it allows null only where it says {@code oneOf [..., null]}).
 */
final class JsonChecks {
    private static final Pattern MEDIA_TYPE = Pattern.compile(
            "[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}/[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}");
    private static final Pattern DATE_TIME = Pattern.compile(
            "(\\d{4})-(\\d{2})-(\\d{2})T(\\d{2}):(\\d{2}):(\\d{2})(?:\\.\\d+)?(?:Z|[+-](\\d{2}):(\\d{2}))");

    private final String what;

    JsonChecks(String what) {
        this.what = what;
    }

    JrunException fail(String path, String problem) {
        return new JrunException(what + (path.isEmpty() ? "" : " " + path) + ": " + problem);
    }

    static String join(String path, String field) {
        return path.isEmpty() ? field : path + "." + field;
    }

    static String describe(JsonNode n) {
        if (n.isTextual()) {
            String s = n.asText();
            return "string \"" + (s.length() > 40 ? s.substring(0, 40) + "..." : s) + "\"";
        }
        if (n.isNumber()) {
            return "number " + n.asText();
        }
        return switch (n.getNodeType()) {
            case OBJECT -> "an object";
            case ARRAY -> "an array";
            case BOOLEAN -> "boolean " + n.asText();
            case NULL -> "null";
            default -> n.getNodeType().toString().toLowerCase();
        };
    }

    /** The node must be a JSON object. */
    JsonNode object(JsonNode n, String path) {
        if (n == null || !n.isObject()) {
            throw fail(path, "must be an object, not " + (n == null ? "nothing" : describe(n)));
        }
        return n;
    }

    /** The field's node, or null when absent; a required field that is absent fails. */
    JsonNode field(JsonNode obj, String name, String path, boolean required) {
        JsonNode n = obj.get(name);
        if (n == null && required) {
            throw fail(join(path, name), "required field is missing");
        }
        return n;
    }

    String string(JsonNode obj, String name, String path, boolean required) {
        JsonNode n = field(obj, name, path, required);
        if (n == null) {
            return null;
        }
        if (!n.isTextual()) {
            throw fail(join(path, name), "must be a string, not " + describe(n));
        }
        return n.asText();
    }

    String mediaType(JsonNode obj, String name, String path, boolean required) {
        String s = string(obj, name, path, required);
        if (s != null && !MEDIA_TYPE.matcher(s).matches()) {
            throw fail(join(path, name), "invalid media type \"" + s + "\": want type/subtype, each starting with a"
                    + " letter or digit and at most 127 characters of [A-Za-z0-9!#$&^_.+-]");
        }
        return s;
    }

    /** An integer that fits Go's int64 (no fraction, no exponent), at least {@code min}. */
    long integer(JsonNode obj, String name, String path, boolean required, long min) {
        JsonNode n = field(obj, name, path, required);
        if (n == null) {
            return min;
        }
        if (!n.isIntegralNumber() || !n.canConvertToLong()) {
            throw fail(join(path, name), "must be an integer, not " + describe(n));
        }
        if (n.asLong() < min) {
            throw fail(join(path, name), "must be at least " + min + ", not " + n.asLong());
        }
        return n.asLong();
    }

    Digest digest(JsonNode obj, String name, String path, boolean required) {
        String s = string(obj, name, path, required);
        if (s == null) {
            return null;
        }
        try {
            return Digest.parse(s);
        } catch (JrunException e) {
            throw fail(join(path, name), e.getMessage());
        }
    }

    void bool(JsonNode obj, String name, String path) {
        JsonNode n = obj.get(name);
        if (n != null && !n.isBoolean()) {
            throw fail(join(path, name), "must be true or false, not " + describe(n));
        }
    }

    /** An array of strings; {@code nullable} when the schema allows null in its place. */
    JsonNode stringArray(JsonNode obj, String name, String path, boolean required, boolean nullable) {
        JsonNode n = field(obj, name, path, required);
        if (n == null || (nullable && n.isNull())) {
            return null;
        }
        String p = join(path, name);
        if (!n.isArray()) {
            throw fail(p, "must be an array of strings, not " + describe(n));
        }
        for (int i = 0; i < n.size(); i++) {
            if (!n.get(i).isTextual()) {
                throw fail(p + "[" + i + "]", "must be a string, not " + describe(n.get(i)));
            }
        }
        return n;
    }

    /** An object whose values are all strings (annotations, labels) or all objects (ports, volumes). */
    void map(JsonNode obj, String name, String path, boolean nullable, boolean objectValues) {
        JsonNode n = obj.get(name);
        if (n == null || (nullable && n.isNull())) {
            return;
        }
        String p = join(path, name);
        if (!n.isObject()) {
            throw fail(p, "must be an object, not " + describe(n));
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            boolean ok = objectValues ? e.getValue().isObject() : e.getValue().isTextual();
            if (!ok) {
                throw fail(p + "[\"" + e.getKey() + "\"]", "must be " + (objectValues ? "an object" : "a string")
                        + ", not " + describe(e.getValue()));
            }
        }
    }

    /** An RFC 3339 date-time, as the schema's format and Go's time.Time both demand. */
    void dateTime(JsonNode obj, String name, String path) {
        String s = string(obj, name, path, false);
        if (s == null) {
            return;
        }
        Matcher m = DATE_TIME.matcher(s);
        boolean ok = m.matches();
        if (ok) {
            try {
                LocalDate.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
                ok = Integer.parseInt(m.group(4)) < 24 && Integer.parseInt(m.group(5)) < 60
                        && Integer.parseInt(m.group(6)) < 60
                        && (m.group(7) == null || Integer.parseInt(m.group(7)) < 24 && Integer.parseInt(m.group(8)) < 60);
            } catch (DateTimeException e) {
                ok = false;
            }
        }
        if (!ok) {
            throw fail(join(path, name), "invalid date-time \"" + s + "\": want RFC 3339, e.g. 2015-10-31T22:22:56.015925234Z");
        }
    }

    void urls(JsonNode obj, String path) {
        JsonNode n = stringArray(obj, "urls", path, false, false);
        for (int i = 0; n != null && i < n.size(); i++) {
            String u = n.get(i).asText();
            boolean absolute;
            try {
                absolute = new URI(u).isAbsolute();
            } catch (URISyntaxException e) {
                absolute = false;
            }
            if (!absolute) {
                throw fail(join(path, "urls") + "[" + i + "]", "invalid URL \"" + u + "\": want an absolute URI such as https://host/path");
            }
        }
    }

    /** A content descriptor: mediaType, digest, size, and the optional urls, data, annotations, platform. */
    Digest descriptor(JsonNode n, String path) {
        object(n, path);
        mediaType(n, "mediaType", path, true);
        long size = integer(n, "size", path, true, 0);
        Digest digest = digest(n, "digest", path, true);
        urls(n, path);
        mediaType(n, "artifactType", path, false);
        map(n, "annotations", path, false, false);
        String data = string(n, "data", path, false);
        if (data != null) {
            checkData(data, size, digest, join(path, "data"));
        }
        JsonNode platform = n.get("platform");
        if (platform != null) {
            platform(platform, join(path, "platform"));
        }
        return digest;
    }

    private void checkData(String data, long size, Digest digest, String path) {
        byte[] bytes;
        try {
            if (data.length() % 4 != 0) {
                throw new IllegalArgumentException("length " + data.length() + " is not a multiple of 4 (missing padding?)");
            }
            bytes = Base64.getDecoder().decode(data);
        } catch (IllegalArgumentException e) {
            throw fail(path, "invalid base64: " + e.getMessage());
        }
        if (bytes.length != size) {
            throw fail(path, "embedded data is " + bytes.length + " bytes but the descriptor's size is " + size);
        }
        if (digest.algorithm().equals("sha256") && !Digest.sha256(bytes).equals(digest)) {
            throw fail(path, "embedded data has digest " + Digest.sha256(bytes) + ", not " + digest);
        }
    }

    void platform(JsonNode n, String path) {
        object(n, path);
        string(n, "architecture", path, true);
        string(n, "os", path, true);
        string(n, "os.version", path, false);
        stringArray(n, "os.features", path, false, false);
        string(n, "variant", path, false);
    }

    /** Refuses fields that belong to other manifest kinds (containers/image's ambiguity check). */
    void noFieldsOf(JsonNode obj, String kind, String... names) {
        for (Iterator<Map.Entry<String, JsonNode>> it = obj.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            boolean foreign = Arrays.stream(names).anyMatch(f -> f.equalsIgnoreCase(e.getKey()));
            if (foreign && !e.getValue().isNull()) {
                throw fail(e.getKey(), "unexpected field in " + kind + " (ambiguous document: it looks like"
                        + " another kind of manifest too)");
            }
        }
    }
}
