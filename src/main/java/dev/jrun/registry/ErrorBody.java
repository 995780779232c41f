package dev.jrun.registry;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jrun.image.Json;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/** Turns a registry's error body (OCI {@code {"errors":[{code,message}]}}, HTML, text) into words. */
final class ErrorBody {
    private ErrorBody() {
    }

    record Parsed(String code, String text) {
    }

    static Parsed read(InputStream in) {
        try (in) {
            return parse(in.readNBytes(16 * 1024));
        } catch (IOException e) {
            return new Parsed(null, "(body unreadable: " + e.getMessage() + ")");
        }
    }

    static String describe(byte[] body) {
        return parse(body).text();
    }

    static Parsed parse(byte[] body) {
        String s = new String(body, StandardCharsets.UTF_8).trim();
        if (s.isEmpty()) {
            return new Parsed(null, "(empty body)");
        }
        if (looksLikeHtml(s)) {
            return new Parsed(null, "an HTML page instead of a registry API answer (is this a registry?)");
        }
        if (s.startsWith("{")) {
            try {
                JsonNode errors = Json.mapper().readTree(body).path("errors");
                if (errors.isArray() && errors.size() > 0) {
                    JsonNode e = errors.get(0);
                    String code = e.path("code").asText(null);
                    String msg = e.path("message").asText("");
                    return new Parsed(code, (code == null ? "" : code.toLowerCase().replace('_', ' ') + ": ") + msg);
                }
            } catch (IOException ignored) {
                // fall through to the raw text
            }
        }
        return new Parsed(null, s.length() > 200 ? s.substring(0, 200) + "..." : s);
    }

    static boolean looksLikeHtml(String s) {
        String head = s.stripLeading().toLowerCase();
        return head.startsWith("<!doctype html") || head.startsWith("<html") || head.startsWith("<head")
                || head.startsWith("<body");
    }
}
