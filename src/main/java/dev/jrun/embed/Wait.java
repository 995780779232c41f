package dev.jrun.embed;

import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Ready-made {@link WaitStrategy wait strategies}, as in Testcontainers. Each waits 60 s unless given
 * another timeout with {@code withStartupTimeout}, and fails at once if the container exits first.
 *
 * <pre>{@code
 * Wait.forListeningPort()                                  // every published port accepts connections
 * Wait.forHttp("/health").forStatusCode(204)               // GET on the first published port
 * Wait.forLogMessage(".*ready to accept connections.*")    // a whole log line matches
 * Wait.forSuccessfulCommand("pg_isready")                  // exec exits with code 0
 * }</pre>
 */
public final class Wait {
    private static final WaitStrategy NONE = new WaitStrategy() {
        @Override
        public void waitUntilReady(WaitTarget target) {
        }

        @Override
        public WaitStrategy withStartupTimeout(Duration timeout) {
            return this;
        }
    };

    private Wait() {
    }

    /** Ready as soon as the container's process runs (the default). */
    public static WaitStrategy none() {
        return NONE;
    }

    /** Ready when every published port accepts a TCP connection. */
    public static PortWaitStrategy forListeningPort() {
        return new PortWaitStrategy(List.of(), PollingWait.DEFAULT_TIMEOUT);
    }

    /** Ready when these container ports (published) accept a TCP connection. */
    public static PortWaitStrategy forListeningPorts(Integer... containerPorts) {
        return new PortWaitStrategy(List.of(containerPorts), PollingWait.DEFAULT_TIMEOUT);
    }

    /** Ready when GET path on the first published port answers 200 (see {@link HttpWaitStrategy}). */
    public static HttpWaitStrategy forHttp(String path) {
        return new HttpWaitStrategy(path, 0, 200, null, PollingWait.DEFAULT_TIMEOUT);
    }

    /** Ready when command, run in the container, exits with code 0. */
    public static ExecWaitStrategy forSuccessfulCommand(String... command) {
        return new ExecWaitStrategy(List.of(command), PollingWait.DEFAULT_TIMEOUT);
    }

    /** Ready when a whole line of the log (without its newline) matches regex. */
    public static LogWaitStrategy forLogMessage(String regex) {
        return new LogWaitStrategy(Pattern.compile(regex), 1, PollingWait.DEFAULT_TIMEOUT);
    }
}
