package dev.jrun.embed;

import java.time.Duration;
import java.util.regex.Pattern;

/** Ready when a line of the container's log matches a regular expression, a given number of times. */
public final class LogWaitStrategy extends PollingWait {
    private final Pattern regex;
    private final int times;

    LogWaitStrategy(Pattern regex, int times, Duration timeout) {
        super(timeout);
        if (times < 1) {
            throw new IllegalArgumentException("times must be at least 1, not " + times);
        }
        this.regex = regex;
        this.times = times;
    }

    /** Waits for this many matching lines. */
    public LogWaitStrategy times(int n) {
        return new LogWaitStrategy(regex, n, timeout);
    }

    @Override
    public LogWaitStrategy withStartupTimeout(Duration t) {
        return new LogWaitStrategy(regex, times, t);
    }

    @Override
    String check(WaitTarget target) {
        int n = 0;
        for (String line : target.logs().split("\n", -1)) {
            if (regex.matcher(line).matches()) {
                n++;
            }
        }
        return n >= times ? null : n + " matching line" + (n == 1 ? "" : "s");
    }

    @Override
    String awaited(WaitTarget target) {
        return (times == 1 ? "a log line" : times + " log lines") + " matching /" + regex.pattern() + "/";
    }
}
