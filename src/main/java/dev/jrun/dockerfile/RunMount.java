package dev.jrun.dockerfile;

import dev.jrun.JrunException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@code RUN --mount=type=cache,target=/root/.cache} spec, checked as buildkit does once the
 * value is expanded. Defaults: type {@code bind}; read-only for bind, secret and ssh; writable for
 * cache and tmpfs.
 *
 * @param type bind, cache, tmpfs, secret or ssh
 * @param sizeLimit tmpfs size in bytes, 0 when unset
 * @param sharing cache sharing (shared, private, locked), "" when unset
 * @param env the variable a secret is exposed as, null when unset
 * @param mode file mode, null when unset; {@code uid}/{@code gid} likewise
 */
public record RunMount(String type, String from, String source, String target, boolean readOnly, long sizeLimit,
        String cacheId, String sharing, boolean required, String env, Integer mode, Integer uid, Integer gid) {

    private static final List<String> TYPES = List.of("bind", "cache", "tmpfs", "secret", "ssh");
    private static final Pattern SIZE = Pattern.compile("^(\\d+(?:\\.\\d+)*) ?([kKmMgGtTpP])?[iI]?[bB]?$");

    /**
     * Parses one expanded {@code --mount} value (comma separated, CSV quoting).
     *
     * @throws JrunException saying which field is wrong
     */
    public static RunMount parse(String spec) {
        String type = "bind";
        String from = "";
        String source = "";
        String target = "";
        Boolean readOnly = null;
        long size = 0;
        String id = "";
        String sharing = "";
        boolean required = false;
        String env = null;
        Integer mode = null;
        Integer uid = null;
        Integer gid = null;
        for (String field : csvFields(spec)) {
            int eq = field.indexOf('=');
            String key = (eq < 0 ? field : field.substring(0, eq)).toLowerCase(Locale.ROOT);
            String value = eq < 0 ? null : field.substring(eq + 1);
            boolean secretLike = type.equals("secret") || type.equals("ssh");
            if (value == null) {
                switch (key) {
                    case "readonly", "ro" -> readOnly = true;
                    case "readwrite", "rw" -> readOnly = false;
                    case "required" -> {
                        if (!secretLike) {
                            throw bad("unexpected key '" + key + "' for mount type '" + type + "'");
                        }
                        required = true;
                    }
                    default -> throw bad("invalid field '" + field + "' must be a key=value pair");
                }
                continue;
            }
            switch (key) {
                case "type" -> {
                    type = value.toLowerCase(Locale.ROOT);
                    if (!TYPES.contains(type)) {
                        throw bad("unsupported mount type " + GoText.quote(value) + " (one of " + TYPES + ")");
                    }
                }
                case "from" -> from = value;
                case "source", "src" -> source = value;
                case "target", "dst", "destination" -> target = value;
                case "readonly", "ro" -> readOnly = bool(key, value);
                case "readwrite", "rw" -> readOnly = !bool(key, value);
                case "required" -> {
                    if (!secretLike) {
                        throw bad("unexpected key '" + key + "' for mount type '" + type + "'");
                    }
                    required = bool(key, value);
                }
                case "size" -> {
                    if (!type.equals("tmpfs")) {
                        throw bad("unexpected key '" + key + "' for mount type '" + type + "'");
                    }
                    size = ramBytes(value);
                }
                case "id" -> id = value;
                case "sharing" -> {
                    sharing = value.toLowerCase(Locale.ROOT);
                    if (!List.of("shared", "private", "locked").contains(sharing)) {
                        throw bad("unsupported sharing value " + GoText.quote(value));
                    }
                }
                case "mode" -> mode = number(value, 8, "mode");
                case "uid" -> uid = number(value, 10, "uid");
                case "gid" -> gid = number(value, 10, "gid");
                case "env" -> env = value;
                default -> throw bad("unexpected key '" + key + "' in '" + field + "'");
            }
        }
        boolean fileInfo = type.equals("secret") || type.equals("ssh") || type.equals("cache");
        if (!fileInfo && (mode != null || uid != null || gid != null)) {
            String what = mode != null ? "mode" : uid != null ? "uid" : "gid";
            throw bad(what + " not allowed for \"" + type + "\" type mounts");
        }
        boolean ro = readOnly != null ? readOnly : !(type.equals("cache") || type.equals("tmpfs"));
        if (type.equals("secret")) {
            if (!from.isEmpty()) {
                throw bad("secret mount should not have a from");
            }
            if (!sharing.isEmpty()) {
                throw bad("secret mount should not define sharing");
            }
            if (source.isEmpty() && target.isEmpty() && id.isEmpty()) {
                throw bad("invalid secret mount. one of source, target required");
            }
            if (!source.isEmpty() && !id.isEmpty()) {
                throw bad("both source and id can't be set");
            }
        }
        if (!sharing.isEmpty() && !type.equals("cache")) {
            throw bad("invalid cache sharing set for " + type + " mount");
        }
        return new RunMount(type, from, source, target, ro, size, id, sharing, required, env, mode, uid, gid);
    }

    private static JrunException bad(String message) {
        return new JrunException(message);
    }

    private static boolean bool(String key, String value) {
        return switch (value) {
            case "1", "t", "T", "true", "TRUE", "True" -> true;
            case "0", "f", "F", "false", "FALSE", "False" -> false;
            default -> throw bad("invalid value for " + key + ": " + value);
        };
    }

    private static Integer number(String value, int radix, String what) {
        try {
            long v = Long.parseLong(value, radix);
            if (v < 0 || v > 0xFFFFFFFFL) {
                throw new NumberFormatException();
            }
            return (int) v;
        } catch (NumberFormatException e) {
            throw bad("invalid value " + value + " for " + what);
        }
    }

    /** docker's {@code units.RAMInBytes}: binary multiples, {@code 64m} = 64 MiB. */
    static long ramBytes(String value) {
        Matcher m = SIZE.matcher(value);
        if (!m.matches()) {
            throw bad("invalid value for size: " + value);
        }
        double n = Double.parseDouble(m.group(1));
        String unit = m.group(2) == null ? "" : m.group(2).toLowerCase(Locale.ROOT);
        int shift = "bkmgtp".indexOf(unit.isEmpty() ? "b" : unit) * 10;
        return (long) (n * Math.pow(2, shift));
    }

    /** Splits on commas, honouring CSV double quotes ({@code ""} inside quotes is one quote). */
    static List<String> csvFields(String s) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < s.length() && s.charAt(i + 1) == '"') {
                    cur.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    cur.append(c);
                }
            } else if (c == '"' && cur.length() == 0) {
                quoted = true;
            } else if (c == ',') {
                out.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        if (quoted) {
            throw bad("failed to parse csv mounts: unterminated quote in " + GoText.quote(s));
        }
        out.add(cur.toString());
        return out;
    }
}
