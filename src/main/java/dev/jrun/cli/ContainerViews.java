package dev.jrun.cli;

import dev.jrun.runtime.Container;
import dev.jrun.runtime.ContainerRecord;
import dev.jrun.runtime.ContainerState;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** How ps shows a container: docker's STATUS wording, the quoted and truncated COMMAND, the row for --format. */
final class ContainerViews {
    private ContainerViews() {
    }

    /** "Up 3 seconds", "Exited (0) 2 minutes ago", "Created". */
    static String status(ContainerState s, Instant now) {
        return switch (s.status()) {
            case RUNNING -> "Up " + Humanize.duration(since(s.startedAt(), now));
            case PAUSED -> "Up " + Humanize.duration(since(s.startedAt(), now)) + " (Paused)";
            case EXITED -> s.finishedAt() == null ? "Exited (" + s.exitCode() + ")"
                    : "Exited (" + s.exitCode() + ") " + Humanize.duration(since(s.finishedAt(), now)) + " ago";
            case REMOVING -> "Removal In Progress";
            case CREATED -> "Created";
        };
    }

    private static Duration since(String t, Instant now) {
        Instant i = Humanize.parse(t);
        return i == null ? Duration.ZERO : Duration.between(i, now);
    }

    /** docker: the command line in double quotes, cut at 20 characters with an ellipsis unless --no-trunc. */
    static String command(ContainerRecord r, boolean noTrunc) {
        String c = r.command();
        if (!noTrunc && c.codePointCount(0, c.length()) > 20) {
            c = c.substring(0, c.offsetByCodePoints(0, 19)) + "…";
        }
        return "\"" + c.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    /** The fields docker ps --format knows, by docker's names. */
    static Map<String, Object> row(Container c, boolean noTrunc, Instant now) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Command", command(c.record(), noTrunc));
        m.put("CreatedAt", c.record().created());
        m.put("ID", noTrunc ? c.id() : c.record().shortId());
        m.put("Image", c.record().imageName() != null ? c.record().imageName() : c.record().image());
        m.put("Labels", c.record().labels() == null ? "" : String.join(",", c.record().labels().entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue()).sorted().toList()));
        m.put("Mounts", "");
        m.put("Names", c.name());
        m.put("Networks", "");
        m.put("Ports", "");
        m.put("RunningFor", Humanize.duration(since(c.record().created(), now)) + " ago");
        m.put("Size", "");
        m.put("State", c.state().status().dockerName());
        m.put("Status", status(c.state(), now));
        return m;
    }
}
