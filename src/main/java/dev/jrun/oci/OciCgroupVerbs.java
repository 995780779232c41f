package dev.jrun.oci;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jrun.image.Json;
import dev.jrun.runtime.spec.Linux;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The runc verbs that act on a container's cgroup: pause, resume (the freezer), events --stats
 * (one stats event; the event stream is not implemented and said so) and update (memory, cpu and
 * pids limits from flags or a --resources JSON file, "-" for stdin as containerd passes it).
 */
final class OciCgroupVerbs {
    /** Fields of a LinuxResources object that update applies; any other non-empty one is refused by name. */
    private static final Set<String> UPDATABLE = Set.of("memory", "memory.limit", "memory.swap", "cpu", "cpu.shares",
            "cpu.quota", "cpu.period", "pids", "pids.limit");
    private final OciRuntime rt;
    private final PrintStream out;
    private final InputStream in;

    OciCgroupVerbs(OciRuntime rt, PrintStream out, InputStream in) {
        this.rt = rt;
        this.out = out;
        this.in = in;
    }

    int events(OciCli.Args a) {
        boolean stats = false;
        String id = null;
        while (a.hasNext()) {
            String o = a.next();
            switch (o.startsWith("-") ? a.name(o) : "") {
                case "--stats" -> stats = true;
                case "--interval" -> a.value(o);
                case "" -> id = OciCli.single(id, o, "events");
                default -> throw new OciException("events: unsupported option " + o);
            }
        }
        id = OciCli.required(id, "events");
        if (!stats) {
            throw new OciException("events: only --stats (one stats event) is supported by jrun, not the event stream");
        }
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("type", "stats");
        event.put("id", id);
        event.put("data", rt.stats(id));
        out.println(new String(Json.bytes(event), StandardCharsets.UTF_8));
        return 0;
    }

    int update(OciCli.Args a) {
        Long memory = null;
        Long swap = null;
        Long shares = null;
        Long quota = null;
        Long period = null;
        Long pids = null;
        JsonNode resources = null;
        String id = null;
        while (a.hasNext()) {
            String o = a.next();
            switch (o.startsWith("-") ? a.name(o) : "") {
                case "-r", "--resources" -> resources = read(a.value(o));
                case "--memory" -> memory = bytes(a.value(o));
                case "--memory-swap" -> swap = bytes(a.value(o));
                case "--cpu-share", "--cpu-shares" -> shares = number(o, a.value(o));
                case "--cpu-quota" -> quota = number(o, a.value(o));
                case "--cpu-period" -> period = number(o, a.value(o));
                case "--pids-limit" -> pids = number(o, a.value(o));
                case "" -> id = OciCli.single(id, o, "update");
                default -> throw new OciException("update: " + o + " is not supported by jrun (memory, cpu quota, "
                        + "period and shares, and pids limits are)");
            }
        }
        id = OciCli.required(id, "update");
        Linux.Resources r;
        if (resources != null) {
            unsupported(resources, "");
            try {
                r = Json.read(Json.bytes(resources), Linux.Resources.class, "--resources");
            } catch (RuntimeException e) {
                throw new OciException("update: invalid --resources: " + e.getMessage(), e);
            }
        } else {
            r = new Linux.Resources(memory == null && swap == null ? null : new Linux.Memory(memory, swap),
                    shares == null && quota == null && period == null ? null : new Linux.Cpu(shares, quota, period),
                    pids == null ? null : new Linux.Pids(pids));
        }
        rt.update(id, r);
        return 0;
    }

    private JsonNode read(String file) {
        try {
            byte[] b = file.equals("-") ? in.readAllBytes() : Files.readAllBytes(Path.of(file));
            return Json.tree(b, file.equals("-") ? "stdin" : file);
        } catch (IOException e) {
            throw new OciException("update: read resources from " + file + ": " + e, e);
        }
    }

    private static void unsupported(JsonNode node, String prefix) {
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String path = prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey();
            JsonNode v = e.getValue();
            if (v.isNull() || (v.isContainerNode() && v.isEmpty()) || (v.isNumber() && v.asLong() == 0)) {
                continue;
            }
            if (!UPDATABLE.contains(path)) {
                throw new OciException("update: resources field " + path + " is not supported by jrun");
            }
            if (v.isObject()) {
                unsupported(v, path);
            }
        }
    }

    private static Long number(String option, String v) {
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new OciException("update: " + option + " wants a number, not \"" + v + "\"");
        }
    }

    /** runc's sizes: a number of bytes with an optional k, m, g suffix (powers of 1024); -1 is unlimited. */
    static long bytes(String v) {
        String s = v.trim().toLowerCase(java.util.Locale.ROOT).replaceAll("i?b$", "");
        long unit = 1;
        if (!s.isEmpty() && "kmg".indexOf(s.charAt(s.length() - 1)) >= 0) {
            unit = 1L << (10 * ("kmg".indexOf(s.charAt(s.length() - 1)) + 1));
            s = s.substring(0, s.length() - 1);
        }
        try {
            long n = Long.parseLong(s);
            return n == -1 ? -1 : n * unit;
        } catch (NumberFormatException e) {
            throw new OciException("update: invalid size \"" + v + "\" (bytes, or a number with k, m or g)");
        }
    }
}
