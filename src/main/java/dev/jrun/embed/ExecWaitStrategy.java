package dev.jrun.embed;

import java.time.Duration;
import java.util.List;

/** Ready when a command run in the container exits with code 0. Made by {@link Wait#forSuccessfulCommand}. */
public final class ExecWaitStrategy extends PollingWait {
    private final List<String> command;

    ExecWaitStrategy(List<String> command, Duration timeout) {
        super(timeout);
        if (command.isEmpty()) {
            throw new IllegalArgumentException("Wait.forSuccessfulCommand needs a command");
        }
        this.command = List.copyOf(command);
    }

    @Override
    public ExecWaitStrategy withStartupTimeout(Duration t) {
        return new ExecWaitStrategy(command, t);
    }

    @Override
    String check(WaitTarget target) {
        if (target.exitCode().isPresent()) {
            return "the container has exited";
        }
        ExecResult r;
        try {
            r = target.exec(command.toArray(String[]::new));
        } catch (dev.jrun.JrunException e) {
            return e.getMessage(); // it exited meanwhile: the next round sees the exit code
        }
        if (r.succeeded()) {
            return null;
        }
        String err = r.stderr().strip();
        return "exit code " + r.exitCode() + (err.isEmpty() ? "" : ", stderr: " + err.lines().reduce((a, b) -> b).orElse(""));
    }

    @Override
    String awaited(WaitTarget target) {
        return "command " + String.join(" ", command) + " to succeed in the container";
    }
}
