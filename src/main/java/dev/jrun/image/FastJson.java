package dev.jrun.image;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

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

    static <T> T read(byte[] bytes, Class<T> type) {
        Parser p = new Parser(bytes);
        Object tree = p.value();
        p.end();
        return type.cast(bind(tree, type));
    }

    private static Object bind(Object node, Type type) {
        if (type instanceof ParameterizedType pt) {
            Class<?> raw = (Class<?>) pt.getRawType();
            if (node == null) {
                return null;
            }
            if (raw == List.class && node instanceof List<?> l) {
                List<Object> out = new ArrayList<>(l.size());
                for (Object e : l) {
                    out.add(bind(e, pt.getActualTypeArguments()[0]));
                }
                return out;
            }
            if (raw == Map.class && node instanceof Map<?, ?> m && pt.getActualTypeArguments()[0] == String.class) {
                Map<String, Object> out = new LinkedHashMap<>();
                for (Map.Entry<?, ?> e : m.entrySet()) {
                    out.put((String) e.getKey(), bind(e.getValue(), pt.getActualTypeArguments()[1]));
                }
                return out;
            }
            throw fallback();
        }
        if (!(type instanceof Class<?> c)) {
            throw fallback();
        }
        if (c.isPrimitive()) {
            return primitive(node, c);
        }
        if (node == null) {
            return null;
        }
        if (c == String.class) {
            if (node instanceof String) {
                return node;
            }
            throw fallback();
        }
        if (c == Long.class || c == Integer.class || c == Boolean.class) {
            return primitive(node, c == Long.class ? long.class : c == Integer.class ? int.class : boolean.class);
        }
        if (c == Digest.class && node instanceof String s) {
            try {
                return Digest.parse(s); // its @JsonCreator
            } catch (RuntimeException e) {
                throw fallback();
            }
        }
        if (c.isRecord() && node instanceof Map<?, ?> m) {
            return record(m, c);
        }
        if (c.isEnum() && node instanceof String s) {
            for (Object constant : c.getEnumConstants()) {
                if (((Enum<?>) constant).name().equals(s)) {
                    return constant;
                }
            }
            throw fallback();
        }
        if (c == Object.class) {
            return untyped(node);
        }
        throw fallback();
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

    private static Object primitive(Object node, Class<?> c) {
        if (c == boolean.class) {
            if (node == null) {
                return false;
            }
            if (node instanceof Boolean) {
                return node;
            }
            throw fallback();
        }
        if (node == null) {
            if (c == long.class) {
                return 0L;
            }
            if (c == int.class) {
                return 0;
            }
            throw fallback();
        }
        if (node instanceof Long l) {
            if (c == long.class) {
                return l;
            }
            if (c == int.class && l >= Integer.MIN_VALUE && l <= Integer.MAX_VALUE) {
                return (int) (long) l;
            }
        }
        throw fallback();
    }

    private static Object record(Map<?, ?> m, Class<?> c) {
        RecordType rt = RecordType.of(c);
        Object[] args = new Object[rt.components.length];
        for (int i = 0; i < args.length; i++) {
            args[i] = bind(m.get(rt.names[i]), rt.types[i]);
        }
        try {
            return rt.constructor.newInstance(args);
        } catch (InvocationTargetException | InstantiationException | IllegalAccessException
                 | IllegalArgumentException e) {
            throw fallback(); // Jackson words the refusal
        }
    }

    /** A record's components, JSON names, generic types, inclusion rules and canonical constructor. */
    private static final class RecordType {
        private static final Map<Class<?>, RecordType> CACHE = new ConcurrentHashMap<>();

        final RecordComponent[] components;
        final String[] names;
        final Type[] types;
        final JsonInclude.Include[] include;
        final Constructor<?> constructor;

        private RecordType(Class<?> c) {
            components = c.getRecordComponents();
            names = new String[components.length];
            types = new Type[components.length];
            include = new JsonInclude.Include[components.length];
            Class<?>[] raw = new Class<?>[components.length];
            JsonInclude classLevel = c.getAnnotation(JsonInclude.class);
            JsonInclude.Include def = classLevel == null ? JsonInclude.Include.NON_NULL : classLevel.value();
            for (int i = 0; i < components.length; i++) {
                RecordComponent rc = components[i];
                raw[i] = rc.getType();
                types[i] = rc.getGenericType();
                Field f;
                try {
                    f = c.getDeclaredField(rc.getName());
                } catch (NoSuchFieldException e) {
                    throw fallback();
                }
                JsonProperty p = f.getAnnotation(JsonProperty.class);
                names[i] = p != null && !p.value().isEmpty() ? p.value() : rc.getName();
                JsonInclude inc = f.getAnnotation(JsonInclude.class);
                include[i] = inc != null ? inc.value() : def;
                if (include[i] != JsonInclude.Include.NON_NULL && include[i] != JsonInclude.Include.NON_EMPTY
                        && include[i] != JsonInclude.Include.ALWAYS) {
                    throw fallback();
                }
            }
            try {
                constructor = c.getDeclaredConstructor(raw);
                constructor.setAccessible(true);
            } catch (NoSuchMethodException | RuntimeException e) {
                throw fallback();
            }
        }

        static RecordType of(Class<?> c) {
            RecordType t = CACHE.get(c);
            if (t == null) {
                t = new RecordType(c);
                CACHE.put(c, t);
            }
            return t;
        }
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
            record(sb, r);
        } else {
            throw fallback();
        }
    }

    private static void record(StringBuilder sb, Record r) {
        RecordType rt = RecordType.of(r.getClass());
        sb.append('{');
        boolean first = true;
        for (int k = 0; k < rt.components.length; k++) {
            Object v;
            try {
                v = rt.components[k].getAccessor().invoke(r);
            } catch (ReflectiveOperationException e) {
                throw fallback();
            }
            if (skip(v, rt.include[k])) {
                continue;
            }
            if (!first) {
                sb.append(',');
            }
            first = false;
            string(sb, rt.names[k]);
            sb.append(':');
            write(sb, v);
        }
        sb.append('}');
    }

    private static boolean skip(Object v, JsonInclude.Include inc) {
        if (inc == JsonInclude.Include.ALWAYS) {
            return false;
        }
        if (v == null) {
            return true;
        }
        if (inc == JsonInclude.Include.NON_EMPTY) {
            return v instanceof String s && s.isEmpty() || v instanceof Collection<?> c && c.isEmpty()
                    || v instanceof Map<?, ?> m && m.isEmpty();
        }
        return false;
    }

    /** Escapes as Jackson does: the short forms for " \ and \n \r \t \b \f, \\u00XX for other controls. */
    private static void string(StringBuilder sb, String s) {
        sb.append('"');
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
}
