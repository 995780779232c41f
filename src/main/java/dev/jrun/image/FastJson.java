package dev.jrun.image;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The start-up path of {@link Json}: reads and writes jrun's records (index, manifests, configs, container
 * records) without Jackson's databind, whose first use costs ~250 ms of CPU at every start (its object
 * mapper and the deserializers it introspects; measured in the closing note of the start-up work).
 *
 * <p>It knows a small, exact subset of what Json's ObjectMapper does: records (names from
 * {@code @JsonProperty}, inclusion from {@code @JsonInclude} NON_NULL/NON_EMPTY, unknown properties
 * ignored, missing ones null or zero), lists, maps (written in key order), strings, integers, booleans,
 * {@link Digest}. For anything else, or any input it would have to judge (malformed JSON, a value of the
 * wrong type, a record constructor refusing its values), it throws {@link Fallback} and Json asks Jackson,
 * which stays the reference for results and error messages. With {@code -Djrun.json.verify=true} (the test
 * suite sets it) Json does both and fails on any difference.
 */
final class FastJson {
    private FastJson() {
    }

    /** This path does not handle the input or the type: Jackson does. */
    static final class Fallback extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Fallback() {
            super(null, null, false, false);
        }
    }

    private static final Fallback FALLBACK = new Fallback();
    private static final String HEX = "0123456789ABCDEF";

    private static Fallback fallback() {
        return FALLBACK;
    }

    // ---------------------------------------------------------------- reading

    /** RecordCodecs' answer for a record it has no codec for. */
    static final Object NO_CODEC = new Object();

    static <T> T read(byte[] bytes, Class<T> type) {
        Parser p = new Parser(bytes);
        Object tree = p.value();
        p.end();
        if (!(tree instanceof Map<?, ?> m)) {
            throw fallback();
        }
        return type.cast(record(m, type.getName()));
    }

    /** The record type from a document parse() (or Jackson) already made: plain maps, lists and values. */
    static <T> T read(Object tree, Class<T> type) {
        if (!(tree instanceof Map<?, ?> m)) {
            throw fallback();
        }
        return type.cast(record(m, type.getName()));
    }

    /** The document as LinkedHashMap/ArrayList/String/Long/Boolean/null (no fractions: those fall back). */
    static Object parse(byte[] bytes) {
        Parser p = new Parser(bytes);
        Object tree = p.value();
        p.end();
        return tree;
    }

    /** The JSON types a record component can have here (RecordCodecs names one per component). */
    static final class Shape {
        enum Kind { STRING, LONG, INT, BOOL, PLONG, PINT, PBOOL, DIGEST, OBJECT, LIST, MAP, RECORD, ENUM }

        static final Shape STRING = new Shape(Kind.STRING, null, null, null);
        static final Shape LONG = new Shape(Kind.LONG, null, null, null);
        static final Shape INT = new Shape(Kind.INT, null, null, null);
        static final Shape BOOL = new Shape(Kind.BOOL, null, null, null);
        static final Shape PLONG = new Shape(Kind.PLONG, null, null, null);
        static final Shape PINT = new Shape(Kind.PINT, null, null, null);
        static final Shape PBOOL = new Shape(Kind.PBOOL, null, null, null);
        static final Shape DIGEST = new Shape(Kind.DIGEST, null, null, null);
        static final Shape OBJECT = new Shape(Kind.OBJECT, null, null, null);

        final Kind kind;
        final Shape element;
        final String record;
        final Enum<?>[] constants;

        private Shape(Kind kind, Shape element, String record, Enum<?>[] constants) {
            this.kind = kind;
            this.element = element;
            this.record = record;
            this.constants = constants;
        }

        static Shape list(Shape element) {
            return new Shape(Kind.LIST, element, null, null);
        }

        static Shape map(Shape value) {
            return new Shape(Kind.MAP, value, null, null);
        }

        static Shape record(String binaryName) {
            return new Shape(Kind.RECORD, null, binaryName, null);
        }

        static Shape enumOf(Enum<?>[] constants) {
            return new Shape(Kind.ENUM, null, null, constants);
        }
    }

    /** Converts a parsed JSON value to the component's Java value, as Jackson would, or falls back. */
    static Object bind(Object node, Shape s) {
        switch (s.kind) {
            case PLONG:
                return node == null ? Long.valueOf(0) : bind(node, Shape.LONG);
            case PINT:
                return node == null ? Integer.valueOf(0) : bind(node, Shape.INT);
            case PBOOL:
                return node == null ? Boolean.FALSE : bind(node, Shape.BOOL);
            default:
                break;
        }
        if (node == null) {
            return null;
        }
        switch (s.kind) {
            case STRING:
                if (node instanceof String) {
                    return node;
                }
                throw fallback();
            case LONG:
                if (node instanceof Long) {
                    return node;
                }
                throw fallback();
            case INT:
                if (node instanceof Long l && l >= Integer.MIN_VALUE && l <= Integer.MAX_VALUE) {
                    return (int) (long) l;
                }
                throw fallback();
            case BOOL:
                if (node instanceof Boolean) {
                    return node;
                }
                throw fallback();
            case DIGEST:
                if (node instanceof String str) {
                    return Digest.parse(str); // its @JsonCreator; a refusal makes read() fall back
                }
                throw fallback();
            case OBJECT:
                return untyped(node);
            case LIST:
                if (node instanceof List<?> l) {
                    List<Object> out = new ArrayList<>(l.size());
                    for (Object e : l) {
                        out.add(bind(e, s.element));
                    }
                    return out;
                }
                throw fallback();
            case MAP:
                if (node instanceof Map<?, ?> m) {
                    Map<String, Object> out = new LinkedHashMap<>();
                    for (Map.Entry<?, ?> e : m.entrySet()) {
                        out.put((String) e.getKey(), bind(e.getValue(), s.element));
                    }
                    return out;
                }
                throw fallback();
            case RECORD:
                if (node instanceof Map<?, ?> m) {
                    return record(m, s.record);
                }
                throw fallback();
            case ENUM:
                if (node instanceof String str) {
                    for (Enum<?> c : s.constants) {
                        if (c.name().equals(str)) {
                            return c;
                        }
                    }
                }
                throw fallback();
            default:
                throw fallback();
        }
    }

    private static Object record(Map<?, ?> m, String binaryName) {
        Object r;
        try {
            r = RecordCodecs.read(binaryName, m);
        } catch (Fallback f) {
            throw f;
        } catch (RuntimeException e) {
            throw fallback(); // the record refused its values: Jackson words the refusal
        }
        if (r == NO_CODEC) {
            throw fallback();
        }
        return r;
    }

    /** What Jackson makes of JSON for an Object: LinkedHashMap, ArrayList, Integer when it fits, else Long. */
    private static Object untyped(Object node) {
        if (node instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                out.put((String) e.getKey(), untyped(e.getValue()));
            }
            return out;
        }
        if (node instanceof List<?> l) {
            List<Object> out = new ArrayList<>(l.size());
            for (Object e : l) {
                out.add(untyped(e));
            }
            return out;
        }
        if (node instanceof Long l && l >= Integer.MIN_VALUE && l <= Integer.MAX_VALUE) {
            return (int) (long) l;
        }
        return node;
    }

    /** A strict RFC 8259 parser into LinkedHashMap, ArrayList, String, Long, Double, Boolean and null. */
    private static final class Parser {
        private final byte[] b;
        private int i;

        Parser(byte[] b) {
            this.b = b;
        }

        void end() {
            ws();
            if (i != b.length) {
                throw fallback();
            }
        }

        private void ws() {
            while (i < b.length && (b[i] == ' ' || b[i] == '\n' || b[i] == '\r' || b[i] == '\t')) {
                i++;
            }
        }

        Object value() {
            ws();
            if (i >= b.length) {
                throw fallback();
            }
            byte c = b[i];
            switch (c) {
                case '{':
                    return object();
                case '[':
                    return array();
                case '"':
                    return string();
                case 't':
                    literal("true");
                    return Boolean.TRUE;
                case 'f':
                    literal("false");
                    return Boolean.FALSE;
                case 'n':
                    literal("null");
                    return null;
                default:
                    return number();
            }
        }

        private Map<String, Object> object() {
            i++;
            Map<String, Object> m = new LinkedHashMap<>();
            ws();
            if (i < b.length && b[i] == '}') {
                i++;
                return m;
            }
            while (true) {
                ws();
                if (i >= b.length || b[i] != '"') {
                    throw fallback();
                }
                String k = string();
                ws();
                if (i >= b.length || b[i++] != ':') {
                    throw fallback();
                }
                m.put(k, value());
                ws();
                if (i >= b.length) {
                    throw fallback();
                }
                byte c = b[i++];
                if (c == '}') {
                    return m;
                }
                if (c != ',') {
                    throw fallback();
                }
            }
        }

        private List<Object> array() {
            i++;
            List<Object> l = new ArrayList<>();
            ws();
            if (i < b.length && b[i] == ']') {
                i++;
                return l;
            }
            while (true) {
                l.add(value());
                ws();
                if (i >= b.length) {
                    throw fallback();
                }
                byte c = b[i++];
                if (c == ']') {
                    return l;
                }
                if (c != ',') {
                    throw fallback();
                }
            }
        }

        private String string() {
            int start = ++i;
            boolean plain = true;
            while (i < b.length && b[i] != '"') {
                if (b[i] == '\\') {
                    plain = false;
                    i += 2;
                } else {
                    if ((b[i] & 0xff) < 0x20) {
                        throw fallback();
                    }
                    i++;
                }
            }
            if (i >= b.length) {
                throw fallback();
            }
            int end = i++;
            for (int k = start; k < end; k++) {
                if (b[k] < 0) {
                    utf8(start, end); // Jackson refuses malformed UTF-8: so must this
                    break;
                }
            }
            if (plain) {
                return new String(b, start, end - start, StandardCharsets.UTF_8);
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream(end - start);
            for (int k = start; k < end; k++) {
                if (b[k] != '\\') {
                    out.write(b[k]);
                    continue;
                }
                byte e = b[++k];
                switch (e) {
                    case '"', '\\', '/' -> out.write(e);
                    case 'b' -> out.write('\b');
                    case 'f' -> out.write('\f');
                    case 'n' -> out.write('\n');
                    case 'r' -> out.write('\r');
                    case 't' -> out.write('\t');
                    case 'u' -> {
                        if (k + 4 >= end) {
                            throw fallback();
                        }
                        int cp;
                        try {
                            cp = Integer.parseInt(new String(b, k + 1, 4, StandardCharsets.US_ASCII), 16);
                        } catch (NumberFormatException x) {
                            throw fallback();
                        }
                        k += 4;
                        if (Character.isSurrogate((char) cp)) {
                            throw fallback(); // pairs: let Jackson judge
                        }
                        byte[] enc = String.valueOf((char) cp).getBytes(StandardCharsets.UTF_8);
                        out.write(enc, 0, enc.length);
                    }
                    default -> throw fallback();
                }
            }
            return out.toString(StandardCharsets.UTF_8);
        }

        private void utf8(int start, int end) {
            try {
                StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(b, start, end - start));
            } catch (java.nio.charset.CharacterCodingException e) {
                throw fallback();
            }
        }

        private void literal(String word) {
            for (int k = 0; k < word.length(); k++) {
                if (i + k >= b.length || b[i + k] != word.charAt(k)) {
                    throw fallback();
                }
            }
            i += word.length();
        }

        private Object number() {
            int start = i;
            if (i < b.length && b[i] == '-') {
                i++;
            }
            int digits = i;
            while (i < b.length && b[i] >= '0' && b[i] <= '9') {
                i++;
            }
            if (i == digits || b[digits] == '0' && i - digits > 1) {
                throw fallback();
            }
            if (i < b.length && (b[i] == '.' || b[i] == 'e' || b[i] == 'E')) {
                throw fallback(); // no record of jrun has a fractional number on the start-up path
            }
            if (i - digits > 18) {
                throw fallback();
            }
            return Long.parseLong(new String(b, start, i - start, StandardCharsets.US_ASCII));
        }
    }

    // ---------------------------------------------------------------- writing

    static byte[] write(Object value) {
        StringBuilder sb = new StringBuilder(256);
        write(sb, value);
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void write(StringBuilder sb, Object v) {
        if (v == null) {
            sb.append("null");
        } else if (v instanceof String s) {
            string(sb, s);
        } else if (v instanceof Long || v instanceof Integer) {
            sb.append(v);
        } else if (v instanceof Boolean) {
            sb.append(v);
        } else if (v instanceof Enum<?> e) {
            if (e.getClass().isAnonymousClass()) {
                throw fallback();
            }
            string(sb, e.name());
        } else if (v instanceof Digest d) {
            string(sb, d.toString()); // its @JsonValue
        } else if (v instanceof Map<?, ?> m) {
            Map<String, Object> sorted = new TreeMap<>();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (!(e.getKey() instanceof String k)) {
                    throw fallback();
                }
                sorted.put(k, e.getValue());
            }
            sb.append('{');
            boolean first = true;
            for (Map.Entry<String, Object> e : sorted.entrySet()) {
                if (!first) {
                    sb.append(',');
                }
                first = false;
                string(sb, e.getKey());
                sb.append(':');
                write(sb, e.getValue());
            }
            sb.append('}');
        } else if (v instanceof List<?> l) {
            sb.append('[');
            for (int k = 0; k < l.size(); k++) {
                if (k > 0) {
                    sb.append(',');
                }
                write(sb, l.get(k));
            }
            sb.append(']');
        } else if (v instanceof Record r) {
            if (!RecordCodecs.write(sb, r)) {
                throw fallback();
            }
        } else {
            throw fallback();
        }
    }

    /** Writes one property of a record (RecordCodecs calls it); returns whether the next one is first. */
    static boolean field(StringBuilder sb, boolean first, String name, Object v, Include include) {
        if (include != Include.ALWAYS && v == null || include == Include.NON_EMPTY && (v instanceof String s
                && s.isEmpty() || v instanceof Collection<?> c && c.isEmpty() || v instanceof Map<?, ?> m && m.isEmpty())) {
            return first;
        }
        if (!first) {
            sb.append(',');
        }
        string(sb, name);
        sb.append(':');
        write(sb, v);
        return false;
    }

    /** @JsonInclude values the codecs know. */
    enum Include { ALWAYS, NON_NULL, NON_EMPTY }

    static final Include ALWAYS = Include.ALWAYS;
    static final Include NON_NULL = Include.NON_NULL;
    static final Include NON_EMPTY = Include.NON_EMPTY;

    /** Escapes as Jackson does: the short forms for " \ and \n \r \t \b \f, \\u00XX for other controls. */
    private static void string(StringBuilder sb, String s) {
        sb.append('"');
        if (plain(s)) {
            sb.append(s).append('"');
            return;
        }
        for (int k = 0; k < s.length(); k++) {
            char c = s.charAt(k);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                default -> {
                    if (c < 0x20) {
                        sb.append("\\u00").append(HEX.charAt(c >> 4)).append(HEX.charAt(c & 15));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }

    /**
     * True if s needs no escaping. Looked for in a copy of its bytes: charAt, char by char, is several calls
     * per char in the interpreter, which a run's JVM is (-Xint), and a run writes ~2 KB of JSON records.
     * A char beyond Latin-1 becomes '?' in the copy, which needs no escaping either.
     */
    private static boolean plain(String s) {
        for (byte b : s.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1)) {
            if (b == '"' || b == '\\' || b >= 0 && b < 0x20) {
                return false;
            }
        }
        return true;
    }
}
