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

    /** Where caught signals go; null while the process does not exist yet. */
    private IntConsumer target;
    /** Signals caught before there was a target, in order. */
    private final List<Integer> early = new ArrayList<>();

    /** Catches signals from now on and forwards them to target. */
    void forwardTo(IntConsumer target) {
        hold();
        target(target);
    }

    /**
     * Catches signals from now on and keeps them until {@link #target} names where they go: installed
     * before the process is started, so that a signal arriving while it starts (it may run before the
     * start returns) is delivered once it exists instead of being lost or killing jrun.
     */
    void hold() {
        if (!enabled || !signals.isEmpty()) {
            return;
        }
        SignalHandler h = new SignalHandler() { // a class, not a lambda: no method-handle linking at start
            @Override
            public void handle(Signal sig) {
                deliver(sig.getNumber());
            }
        };
        for (String n : NAMES) {
            try {
                Signal s = new Signal(n);
                previous.add(Signal.handle(s, h));
                signals.add(s);
            } catch (IllegalArgumentException e) {
                // the JVM reserves QUIT and USR1 in some configurations; those are not forwarded
            }
        }
    }

    /** From now on signals go to t, first those held meanwhile. */
    synchronized void target(IntConsumer t) {
        target = t;
        for (int sig : early) {
            t.accept(sig);
        }
        early.clear();
    }

    private synchronized void deliver(int sig) {
        if (target == null) {
            early.add(sig);
        } else {
            target.accept(sig);
        }
    }

    /** The signals held so far (tests). */
    synchronized List<Integer> held() {
        return List.copyOf(early);
    }

    void stop() {
        synchronized (this) {
            target = null;
            early.clear();
        }
        for (int i = 0; i < signals.size(); i++) {
            Signal.handle(signals.get(i), previous.get(i));
        }
        signals.clear();
        previous.clear();
    }
}
