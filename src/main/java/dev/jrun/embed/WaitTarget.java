package dev.jrun.embed;

import java.util.List;
import java.util.Optional;

/**
 * What a {@link WaitStrategy} may look at: the container's address, ports and logs, and whether it still
 * runs. Strategies get it as an argument and never reach into the engine.
 */
public interface WaitTarget {
    /** The host name or address the container's published ports are reached at. */
    String host();

    /** The host port that containerPort is published on; an error if it is not published. */
    int mappedPort(int containerPort);

    /** The container ports that are published, in the order they were asked for. */
    List<Integer> publishedPorts();

    /** Everything the container wrote to stdout and stderr so far, interleaved as written. */
    String logs();

    /** The container's exit code if its main process has exited; empty while it runs. */
    Optional<Integer> exitCode();

    /** Runs a command in the container and waits for it (for {@link Wait#forSuccessfulCommand}). */
    ExecResult exec(String... command);
}
