package dev.jrun.oci;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;

/**
 * A container's state as the OCI runtime spec (runtime.md#state) and runc's {@code state} print it,
 * plus what jrun needs to tell its process from a later one with the same pid (pidStartTime, epoch
 * ms) and where its cgroup is (cgroup, "parent/name" under the hierarchies' roots, see {@link OciCgroup}):
 * those two only in state.json, never printed.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record OciState(
        String ociVersion,
        String id,
        int pid,
        Status status,
        String bundle,
        String rootfs,
        String created,
        Map<String, String> annotations,
        Long pidStartTime,
        String cgroup) {

    /** The OCI statuses; "creating" is never stored (the state dir appears complete or not at all). */
    public enum Status {
        creating, created, running, stopped, paused
    }

    public OciState {
        if (id == null || status == null) {
            throw new OciException("state without id or status");
        }
        annotations = annotations == null ? null : Map.copyOf(annotations);
    }

    public OciState withStatus(Status s) {
        return new OciState(ociVersion, id, s == Status.stopped ? 0 : pid, s, bundle, rootfs, created, annotations,
                pidStartTime, cgroup);
    }

    /** The container's cgroup (state.json of an older jrun: the old default, "jrun-runc/ID"). */
    public OciCgroup cgroupPath() {
        return OciCgroup.stored(cgroup, id);
    }

    /** What {@code state} prints: the stored state without jrun's own fields. */
    public OciState printable() {
        return new OciState(ociVersion, id, pid, status, bundle, rootfs, created, annotations, null, null);
    }

    /**
     * t as RFC 3339 in UTC with nanoseconds, as runc's state prints "created" (2026-11-27T00:41:03.123456789Z).
     * By hand: Instant.toString initializes DateTimeFormatter and its ~40 classes, 5-10 ms of an interpreted
     * create. LocalDate's own arithmetic turns the day count into a date.
     */
    static String rfc3339(java.time.Instant t) {
        long secs = t.getEpochSecond();
        java.time.LocalDate d = java.time.LocalDate.ofEpochDay(Math.floorDiv(secs, 86_400L));
        int s = (int) Math.floorMod(secs, 86_400L);
        StringBuilder b = new StringBuilder(30);
        int y = d.getYear();
        if (y < 0 || y > 9999) {
            return t.toString(); // outside RFC 3339's four digits: let the JDK spell it
        }
        pad(b, y, 4).append('-');
        pad(b, d.getMonthValue(), 2).append('-');
        pad(b, d.getDayOfMonth(), 2).append('T');
        pad(b, s / 3600, 2).append(':');
        pad(b, s / 60 % 60, 2).append(':');
        pad(b, s % 60, 2).append('.');
        return pad(b, t.getNano(), 9).append('Z').toString();
    }

    private static StringBuilder pad(StringBuilder b, int v, int width) {
        String digits = Integer.toString(v);
        for (int i = digits.length(); i < width; i++) {
            b.append('0');
        }
        return b.append(digits);
    }
}
