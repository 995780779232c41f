package dev.jrun.oci;

import dev.jrun.image.Json;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** What list and ps print, in runc's shapes. */
final class OciViews {
    private OciViews() {
    }

    /** ps(1) of the host with ARGS, its header and the lines of the container's pids (as runc ps does). */
    static void ps(PrintStream out, List<Integer> pids, List<String> args) {
        List<String> cmd = new ArrayList<>(List.of("ps"));
        cmd.addAll(args);
        try {
            java.lang.Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String[] lines = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).split("\n");
            if (p.waitFor() != 0 || lines.length == 0) {
                throw new OciException(String.join(" ", cmd) + " failed: " + String.join("\n", lines));
            }
            int col = List.of(lines[0].trim().split("\\s+")).indexOf("PID");
            if (col < 0) {
                throw new OciException("ps output has no PID column: " + lines[0]);
            }
            out.println(lines[0]);
            for (int i = 1; i < lines.length; i++) {
                String[] f = lines[i].trim().split("\\s+");
                if (f.length > col && f[col].matches("\\d+") && pids.contains(Integer.parseInt(f[col]))) {
                    out.println(lines[i]);
                }
            }
        } catch (IOException e) {
            throw new OciException("run ps: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OciException("interrupted", e);
        }
    }

    static void list(PrintStream out, List<OciState> states, boolean quiet, boolean json) {
        if (json) {
            out.println(Json.pretty(states.stream().map(OciState::printable).toList()));
        } else if (quiet) {
            states.forEach(s -> out.println(s.id()));
        } else {
            out.printf("%-20s %-8s %-10s %-40s %s%n", "ID", "PID", "STATUS", "BUNDLE", "CREATED");
            for (OciState s : states) {
                out.printf("%-20s %-8d %-10s %-40s %s%n", s.id(), s.pid(), s.status(), s.bundle(), s.created());
            }
        }
    }

    /** runc's stats: cpu.usage.total (ns), memory.usage {usage, max, limit, failcnt}, pids {current, limit}. */
    static java.util.Map<String, Object> stats(dev.jrun.linux.CgroupFs fs, dev.jrun.linux.CgroupFs.Cgroup cg) {
        java.util.Map<String, Object> usage = new java.util.LinkedHashMap<>();
        put(usage, "usage", fs.knob(cg, "memory", "memory.usage_in_bytes"), fs.knob(cg, "memory", "memory.current"));
        put(usage, "max", fs.knob(cg, "memory", "memory.max_usage_in_bytes"), fs.knob(cg, "memory", "memory.peak"));
        put(usage, "limit", fs.knob(cg, "memory", "memory.limit_in_bytes"), fs.knob(cg, "memory", "memory.max"));
        put(usage, "failcnt", fs.knob(cg, "memory", "memory.failcnt"), null);
        java.util.Map<String, Object> pids = new java.util.LinkedHashMap<>();
        put(pids, "current", fs.knob(cg, "pids", "pids.current"), null);
        put(pids, "limit", fs.knob(cg, "pids", "pids.max"), null);
        java.util.Map<String, Object> cpu = new java.util.LinkedHashMap<>();
        put(cpu, "total", fs.knob(cg, "cpuacct", "cpuacct.usage"), null);
        return java.util.Map.of("cpu", java.util.Map.of("usage", cpu), "memory", java.util.Map.of("usage", usage),
                "pids", pids);
    }

    /** A number from the first value present; "max" (no limit) as 0, runc's way. */
    private static void put(java.util.Map<String, Object> m, String key, String v1, String v2) {
        String v = v1 != null ? v1 : v2;
        if (v != null) {
            m.put(key, v.equals("max") ? 0L : Long.parseLong(v.split("\\s+")[0]));
        }
    }

    /**
     * Compact JSON (Json.bytes) laid out as Jackson's default pretty printer does ("key" : value, two
     * spaces per object level, arrays on one line): what runc-style {@code state} prints, without
     * loading Jackson's databind for it.
     */
    static String pretty(byte[] compact) {
        String s = new String(compact, StandardCharsets.UTF_8);
        StringBuilder b = new StringBuilder(s.length() * 2);
        java.util.ArrayDeque<Boolean> inObject = new java.util.ArrayDeque<>();
        int level = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> {
                    int end = i + 1;
                    while (s.charAt(end) != '"') {
                        end += s.charAt(end) == '\\' ? 2 : 1;
                    }
                    b.append(s, i, end + 1);
                    i = end;
                }
                case '{', '[' -> {
                    char close = c == '{' ? '}' : ']';
                    if (s.charAt(i + 1) == close) {
                        b.append(c).append(' ').append(close);
                        i++;
                    } else if (c == '{') {
                        inObject.push(true);
                        b.append("{\n").append("  ".repeat(++level));
                    } else {
                        inObject.push(false);
                        b.append("[ ");
                    }
                }
                case '}' -> {
                    inObject.pop();
                    b.append('\n').append("  ".repeat(--level)).append('}');
                }
                case ']' -> {
                    inObject.pop();
                    b.append(" ]");
                }
                case ',' -> b.append(Boolean.TRUE.equals(inObject.peek()) ? ",\n" + "  ".repeat(level) : ", ");
                case ':' -> b.append(" : ");
                default -> b.append(c);
            }
        }
        return b.toString();
    }
}
