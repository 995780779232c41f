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
}
