package dev.jrun.api;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Forwards the signals jrun receives (INT, TERM, HUP, QUIT, USR1, USR2, WINCH) to the container's PID 1
 * while it runs, as docker run does, and restores the previous handlers afterwards.
 */
public final class SignalForwarder {
    private static final String[] NAMES = {"INT", "TERM", "HUP", "QUIT", "USR1", "USR2", "WINCH"};
    private final List<Signal> signals = new ArrayList<>();
    private final List<SignalHandler> previous = new ArrayList<>();
    private final boolean enabled;

    private SignalForwarder(boolean enabled) {
        this.enabled = enabled;
    }

    /** Forwards this JVM's signals (the CLI). */
    public static SignalForwarder process() {
        return new SignalForwarder(true);
    }

    /** Forwards nothing (embedders that manage signals themselves). */
    public static SignalForwarder none() {
        return new SignalForwarder(false);
    }

    void forwardTo(IntConsumer target) {
        if (!enabled) {
            return;
        }
        for (String n : NAMES) {
            try {
                Signal s = new Signal(n);
                previous.add(Signal.handle(s, sig -> target.accept(sig.getNumber())));
                signals.add(s);
            } catch (IllegalArgumentException e) {
                // the JVM reserves QUIT and USR1 in some configurations; those are not forwarded
            }
        }
    }

    void stop() {
        for (int i = 0; i < signals.size(); i++) {
            Signal.handle(signals.get(i), previous.get(i));
        }
        signals.clear();
        previous.clear();
    }
}
