package dev.jrun.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jrun.JrunException;
import dev.jrun.image.Json;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The part of Go's text/template that docker users type in {@code --format}: {@code {{.A.B}}},
 * {@code {{json .A}}}, {@code {{json .}}}, {@code {{index .A "key"}}}, and the escapes \t and \n.
 */
final class Template {
    private static final Pattern ACTION = Pattern.compile("\\{\\{\\s*(json\\s+|index\\s+)?(\\.[A-Za-z0-9_.]*)\\s*"
            + "(?:\"([^\"]*)\")?\\s*}}");

    private Template() {
    }

    static String render(String format, JsonNode root) {
        String f = format.replace("\\t", "\t").replace("\\n", "\n");
        Matcher m = ACTION.matcher(f);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String fn = m.group(1) == null ? "" : m.group(1).trim();
            JsonNode v = walk(root, m.group(2), format);
            if (fn.equals("index")) {
                v = m.group(3) == null || v == null ? null : v.get(m.group(3));
            }
            String text;
            if (fn.equals("json")) {
                text = v == null ? "null" : new String(Json.bytes(v), java.nio.charset.StandardCharsets.UTF_8);
            } else {
                text = plain(v);
            }
            m.appendReplacement(sb, Matcher.quoteReplacement(text));
        }
        m.appendTail(sb);
        String out = sb.toString();
        if (out.contains("{{")) {
            throw new JrunException("unsupported --format template \"" + format
                    + "\": jrun understands {{.Field}}, {{json .Field}} and {{index .Field \"key\"}}");
        }
        return out;
    }

    private static JsonNode walk(JsonNode root, String path, String format) {
        JsonNode n = root;
        for (String part : path.substring(1).split("\\.")) {
            if (part.isEmpty()) {
                continue;
            }
            if (n == null || !n.isObject()) {
                return null;
            }
            if (!n.has(part)) {
                throw new JrunException("template \"" + format + "\": no field \"" + part + "\"");
            }
            n = n.get(part);
        }
        return n;
    }

    private static String plain(JsonNode v) {
        if (v == null || v.isNull()) {
            return "<no value>";
        }
        if (v.isValueNode()) {
            return v.asText();
        }
        if (v.isArray()) {
            StringBuilder sb = new StringBuilder("[");
            v.forEach(e -> sb.append(sb.length() > 1 ? " " : "").append(plain(e)));
            return sb.append(']').toString();
        }
        StringBuilder sb = new StringBuilder("map[");
        v.fields().forEachRemaining(e -> sb.append(sb.length() > 4 ? " " : "").append(e.getKey()).append(':')
                .append(plain(e.getValue())));
        return sb.append(']').toString();
    }
}
