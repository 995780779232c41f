package dev.jrun.embed;

import java.time.Duration;

/**
 * Decides when a started container is ready: {@link #waitUntilReady} returns once it is, or throws
 * {@link ContainerLaunchException} saying what never happened. {@link Jrun#start} calls it, adds the
 * container's last log lines to the message, and removes the container. Ready-made strategies are in
 * {@link Wait}; implement this interface for others.
 */
public interface WaitStrategy {
    /** Blocks until target is ready; throws if it is not within the strategy's timeout or if it exits. */
    void waitUntilReady(WaitTarget target);

    /** This strategy with another timeout. */
    WaitStrategy withStartupTimeout(Duration timeout);
}
