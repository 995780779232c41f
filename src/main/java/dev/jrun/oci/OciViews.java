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
}
