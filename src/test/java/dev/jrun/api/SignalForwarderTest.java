package dev.jrun.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import sun.misc.Signal;

/**
 * Signals that reach jrun while the container is starting (before its process exists) are held and
 * delivered, in order, once it does; none are lost. Real signals raised to this JVM.
 */
class SignalForwarderTest {
    @Test
    void signalsBeforeTheTargetExistsAreHeldThenDeliveredInOrder() throws Exception {
        SignalForwarder f = SignalForwarder.process();
        f.hold();
        try {
            // one at a time: the JVM runs each handler on a thread of its own, so two raised together may swap
            Signal.raise(new Signal("USR2"));
            waitFor(() -> f.held().size() == 1);
            Signal.raise(new Signal("HUP"));
            waitFor(() -> f.held().size() == 2);
            assertEquals(List.of(12, 1), f.held());
            List<Integer> got = new CopyOnWriteArrayList<>();
            f.target(got::add);
            assertEquals(List.of(12, 1), got, "held signals delivered at once");
            Signal.raise(new Signal("WINCH"));
            waitFor(() -> got.size() == 3);
            assertEquals(List.of(12, 1, 28), got);
            assertEquals(List.of(), f.held());
        } finally {
            f.stop();
        }
    }

    private static void waitFor(java.util.function.BooleanSupplier c) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!c.getAsBoolean() && System.nanoTime() < end) {
            Thread.sleep(5);
        }
    }
}
