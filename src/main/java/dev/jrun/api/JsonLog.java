package dev.jrun.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.jrun.JrunException;
import dev.jrun.image.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * Docker's json-file log: one JSON object a line, {"log":"text\n","stream":"stdout","time":"RFC3339Nano"}.
 * Writes are whole lines under a lock, so stdout and stderr copied by two threads never interleave
 * inside a line.
 */
public final class JsonLog implements AutoCloseable {
    /** RFC 3339 with nanoseconds, always 9 digits, as docker writes (its readers accept any precision). */
    static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.nnnnnnnnn'Z'")
            .withZone(ZoneOffset.UTC);

    /** One line of the log. */
    public record Entry(@JsonProperty("log") String log, @JsonProperty("stream") String stream,
                        @JsonProperty("time") String time) {
        public Instant instant() {
            return Instant.parse(time);
        }
    }

    private final OutputStream out;

    private JsonLog(OutputStream out) {
        this.out = out;
    }

    /** Appends to file (created if missing). */
    public static JsonLog append(Path file) {
        try {
            return new JsonLog(Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND));
        } catch (IOException e) {
            throw new JrunException("open container log " + file + ": " + e.getMessage(), e);
        }
    }

    /** The JSON line for text (with its newline, if it had one) read at t from stream. */
    static byte[] encode(String text, String stream, Instant t) {
        byte[] json = Json.bytes(new Entry(text, stream, TIME.format(t)));
        byte[] line = new byte[json.length + 1];
        System.arraycopy(json, 0, line, 0, json.length);
        line[json.length] = '\n';
        return line;
    }

    public synchronized void write(String text, String stream) throws IOException {
        out.write(encode(text, stream, Instant.now()));
        out.flush();
    }

    /** Parses one line of the file; null for a line that is not an entry (a torn last line). */
    public static Entry parse(String line) {
        if (line.isBlank()) {
            return null;
        }
        try {
            Entry e = Json.read(line.getBytes(StandardCharsets.UTF_8), Entry.class, "log line");
            return e.log() == null || e.time() == null ? null : e;
        } catch (JrunException e) {
            return null;
        }
    }

    /**
     * Reads the complete entries appended to f since the last call (f's position is where it stopped); a
     * torn last line waits in partial for its end. Shared by {@code jrun logs} and the embeddable API.
     */
    public static void readNew(java.io.RandomAccessFile f, StringBuilder partial, java.util.List<Entry> into)
            throws IOException {
        long len = f.length();
        long pos = f.getFilePointer();
        if (len <= pos) {
            return;
        }
        byte[] b = new byte[(int) Math.min(len - pos, 64L << 20)];
        f.readFully(b);
        partial.append(new String(b, StandardCharsets.UTF_8));
        int start = 0;
        for (int i = partial.indexOf("\n"); i >= 0; i = partial.indexOf("\n", start)) {
            Entry e = parse(partial.substring(start, i));
            if (e != null) {
                into.add(e);
            }
            start = i + 1;
        }
        partial.delete(0, start);
    }

    /** docker's --since/--until: RFC 3339 time, unix seconds (with fraction), or a duration like 10m, 1h30m. */
    public static Instant parseSince(String s, Instant now) {
        String t = s.strip();
        try {
            if (t.matches("[0-9]+(\\.[0-9]+)?")) {
                java.math.BigDecimal d = new java.math.BigDecimal(t);
                long secs = d.longValue();
                long nanos = d.subtract(java.math.BigDecimal.valueOf(secs)).movePointRight(9).longValue();
                return Instant.ofEpochSecond(secs, nanos);
            }
            if (t.matches("([0-9]+(\\.[0-9]+)?(h|m|s|ms))+")) {
                return now.minus(duration(t));
            }
            if (t.matches("\\d{4}-\\d{2}-\\d{2}")) {
                return Instant.parse(t + "T00:00:00Z");
            }
            return java.time.OffsetDateTime.parse(t).toInstant();
        } catch (DateTimeParseException | ArithmeticException e) {
            throw new JrunException("invalid value for --since/--until: " + s
                    + ": expected an RFC 3339 time, unix seconds or a duration like 10m");
        }
    }

    private static Duration duration(String s) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("([0-9]+(?:\\.[0-9]+)?)(ms|h|m|s)").matcher(s);
        Duration d = Duration.ZERO;
        while (m.find()) {
            double v = Double.parseDouble(m.group(1));
            long unitNanos = switch (m.group(2)) {
                case "h" -> 3_600_000_000_000L;
                case "m" -> 60_000_000_000L;
                case "s" -> 1_000_000_000L;
                default -> 1_000_000L;
            };
            d = d.plusNanos((long) (v * unitNanos));
        }
        return d;
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
