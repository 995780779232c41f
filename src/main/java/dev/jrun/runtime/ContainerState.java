package dev.jrun.runtime;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * What was last recorded about a container's process (state.json). Only a hint: callers refresh it
 * from facts (is the pid alive, with the same start time?) before trusting it.
 *
 * @param pidStartTime the process's start time (clock ticks since boot, from /proc/PID/stat), so a
 *                     recycled pid is never mistaken for the container's
 * @param bootId       the kernel boot id when the process started: after a reboot nothing runs
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ContainerState(
        @JsonProperty("Status") ContainerStatus status,
        @JsonProperty("Pid") long pid,
        @JsonProperty("PidStartTime") long pidStartTime,
        @JsonProperty("BootId") String bootId,
        @JsonProperty("ExitCode") int exitCode,
        @JsonProperty("StartedAt") String startedAt,
        @JsonProperty("FinishedAt") String finishedAt,
        @JsonProperty("Error") String error) {

    public static ContainerState created() {
        return new ContainerState(ContainerStatus.CREATED, 0, 0, null, 0, null, null, null);
    }

    public ContainerState running(long newPid, long startTime, String boot, String at) {
        return new ContainerState(ContainerStatus.RUNNING, newPid, startTime, boot, 0, at, null, null);
    }

    public ContainerState exited(int code, String at) {
        return new ContainerState(ContainerStatus.EXITED, 0, 0, null, code, startedAt, at, error);
    }

    public ContainerState failed(String message, String at) {
        return new ContainerState(ContainerStatus.EXITED, 0, 0, null, 125, startedAt, at, message);
    }
}
