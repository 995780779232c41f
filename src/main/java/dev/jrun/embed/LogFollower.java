package dev.jrun.embed;

import dev.jrun.api.JsonLog;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Follows a container's log on a thread of its own, handing each line to a consumer; made by
 * {@link RunningContainer#followLogs}. It stops when the container has exited and its last lines are
 * handed over, or on {@link #close()}.
 */
public final class LogFollower implements AutoCloseable {
    private static final long POLL_MS = 50;
    private final Thread thread;
    private volatile boolean closed;

    private LogFollower(Runnable body, String name) {
        this.thread = new Thread(body, "jrun-follow-" + name);
        thread.setDaemon(true);
    }

    static LogFollower start(dev.jrun.api.Jrun engine, String id, String name, Consumer<String> onLine,
                             BooleanSupplier running) {
        LogFollower[] self = new LogFollower[1];
        self[0] = new LogFollower(() -> self[0].follow(engine, id, onLine, running), name);
        self[0].thread.start();
        return self[0];
    }

    private void follow(dev.jrun.api.Jrun engine, String id, Consumer<String> onLine, BooleanSupplier running) {
        try (RandomAccessFile f = new RandomAccessFile(ContainerLog.path(engine, id).toFile(), "r")) {
            StringBuilder partial = new StringBuilder();
            while (!closed) {
                boolean last = !running.getAsBoolean(); // checked before reading: no line is lost at the end
                List<JsonLog.Entry> entries = new ArrayList<>();
                JsonLog.readNew(f, partial, entries);
                entries.forEach(e -> onLine.accept(ContainerLog.strip(e.log())));
                if (last) {
                    return;
                }
                Thread.sleep(POLL_MS);
            }
        } catch (FileNotFoundException e) {
            // removed before anything was read: nothing to follow
        } catch (IOException e) {
            // the container was removed while following: the follower ends
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Waits up to millis for the follower to hand over the last line; true if it has ended. */
    public boolean awaitEnd(long millis) throws InterruptedException {
        thread.join(millis);
        return !thread.isAlive();
    }

    /** Stops following (lines not handed over yet are dropped). */
    @Override
    public void close() {
        closed = true;
        thread.interrupt();
    }
}
