package dev.jrun.embed;

import java.time.Duration;
import java.util.Optional;

/**
 * The loop every ready-made strategy shares: check, and until the check passes, fail if the container has
 * exited or the timeout has passed, naming what was awaited and what the last check saw.
 */
abstract class PollingWait implements WaitStrategy {
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);
    private static final long POLL_MS = 10;
    final Duration timeout;

    PollingWait(Duration timeout) {
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("a startup timeout must be positive, not " + timeout);
        }
        this.timeout = timeout;
    }

    /** One check: null when ready, else what it saw instead (e.g. "connection refused"). */
    abstract String check(WaitTarget target);

    /** What is awaited, for messages: "port 8080 on 127.0.0.1 to accept connections". */
    abstract String awaited(WaitTarget target);

    @Override
    public void waitUntilReady(WaitTarget target) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            String seen = check(target);
            if (seen == null) {
                return;
            }
            Optional<Integer> code = target.exitCode();
            if (code.isPresent()) {
                throw new ContainerLaunchException("the container exited with code " + code.get()
                        + " before it was ready (waiting for " + awaited(target) + ")");
            }
            if (System.nanoTime() - deadline > 0) {
                throw new ContainerLaunchException("timed out after " + human(timeout) + " waiting for "
                        + awaited(target) + " (last check: " + seen + ")");
            }
            try {
                Thread.sleep(POLL_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ContainerLaunchException("interrupted while waiting for " + awaited(target), e);
            }
        }
    }

    static String human(Duration d) {
        long ms = d.toMillis();
        return ms % 1000 == 0 ? ms / 1000 + " s" : ms + " ms";
    }
}
