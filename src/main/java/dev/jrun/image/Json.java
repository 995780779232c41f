package dev.jrun.image;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.jrun.JrunException;
import java.io.IOException;

/**
 * The one JSON configuration of jrun: compact, stable key order, nulls left out. Records on the start-up
 * path go through {@link FastJson}; Jackson (made on first need) handles the rest and stays the reference.
 *
 * <p>No Jackson type in a catch clause here: linking this class (every command that reads the store) would
 * load it for the verifier's check, and the first class from jackson-core's jar parses that jar's manifest,
 * interpreted (~0.5 ms). Jackson's exceptions are IOExceptions.
 */
public final class Json {
    /** With -Djrun.json.verify=true (the tests), every read and write is done both ways and compared. */
    private static final boolean VERIFY = Boolean.getBoolean("jrun.json.verify");

    private Json() {
    }

    private static final class Holder {
        static final ObjectMapper MAPPER = new ObjectMapper()
                .setSerializationInclusion(JsonInclude.Include.NON_NULL)
                .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true)
                .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    }

    /** Jackson's mapper in jrun's configuration (created at first use: it costs ~250 ms of CPU). */
    public static ObjectMapper mapper() {
        return Holder.MAPPER;
    }

    /** Reads bytes as T; the error names what was being read. */
    public static <T> T read(byte[] bytes, Class<T> type, String what) {
        T fast;
        try {
            fast = FastJson.read(bytes, type);
        } catch (FastJson.Fallback f) {
            fast = null;
        }
        if (fast != null && !VERIFY) {
            return fast;
        }
        T ref;
        try {
            ref = mapper().readValue(bytes, type);
        } catch (IOException | IllegalArgumentException e) {
            throw new JrunException("malformed " + what + ": " + firstLine(e.getMessage()), e);
        }
        if (fast != null && !fast.equals(ref)) {
            throw new AssertionError("FastJson read " + type.getName() + " differently: " + fast + " vs " + ref);
        }
        return ref;
    }

    /**
     * As {@link #read(byte[], Class, String)}, from tree, what {@link #parse} made of bytes: a caller that
     * inspects the document and also wants its record parses it once (an OCI create reads config.json both
     * ways; each parse is milliseconds of an interpreted runc verb). bytes stay the reference for Jackson.
     */
    public static <T> T read(Object tree, byte[] bytes, Class<T> type, String what) {
        if (VERIFY) {
            return read(bytes, type, what);
        }
        try {
            T fast = FastJson.read(tree, type);
            if (fast != null) {
                return fast;
            }
        } catch (FastJson.Fallback f) {
            // Jackson decides, from the bytes
        }
        return read(bytes, type, what);
    }

    public static JsonNode tree(byte[] bytes, String what) {
        try {
            JsonNode node = mapper().readTree(bytes);
            if (node == null || node.isMissingNode()) {
                throw new JrunException("malformed " + what + ": empty document");
            }
            return node;
        } catch (IOException e) {
            throw new JrunException("malformed " + what + ": " + firstLine(e.getMessage()), e);
        }
    }

    /**
     * Parses bytes into plain Java values: Map (LinkedHashMap, in document order), List, String, Number
     * (Long here; Integer or Double when Jackson parsed), Boolean and null. For start-up paths that inspect
     * a document without a record for it (an OCI bundle's config.json): no Jackson unless the document
     * needs its judgement (then its error).
     */
    public static Object parse(byte[] bytes, String what) {
        try {
            return FastJson.parse(bytes);
        } catch (FastJson.Fallback f) {
            try {
                return mapper().readValue(bytes, Object.class);
            } catch (IOException e) {
                throw new JrunException("malformed " + what + ": " + firstLine(e.getMessage()), e);
            }
        }
    }

    public static byte[] bytes(Object value) {
        byte[] fast;
        try {
            fast = FastJson.write(value);
        } catch (FastJson.Fallback f) {
            fast = null;
        }
        if (fast != null && !VERIFY) {
            return fast;
        }
        try {
            byte[] ref = mapper().writeValueAsBytes(value);
            if (fast != null && !java.util.Arrays.equals(fast, ref)) {
                throw new AssertionError("FastJson wrote " + value.getClass().getName() + " differently:\n"
                        + new String(fast, java.nio.charset.StandardCharsets.UTF_8) + "\n"
                        + new String(ref, java.nio.charset.StandardCharsets.UTF_8));
            }
            return ref;
        } catch (IOException e) { // Jackson's JsonProcessingException (see the class comment)
            throw new JrunException("cannot serialize " + value.getClass().getSimpleName(), e);
        }
    }

    public static String pretty(Object value) {
        try {
            return mapper().writerWithDefaultPrettyPrinter().writeValueAsString(value);
        } catch (IOException e) { // Jackson's JsonProcessingException (see the class comment)
            throw new JrunException("cannot serialize " + value.getClass().getSimpleName(), e);
        }
    }

    static String firstLine(String s) {
        if (s == null) {
            return "unreadable JSON";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
