package dev.jrun.api;

import dev.jrun.linux.Epoll;
import dev.jrun.linux.Pipe;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * One thread for all the monitor's containers: an epoll set over each one's stdout and stderr pipes and
 * its PID 1's pidfd (only the pidfd for a container adopted from a monitor that died). Output is split at '\n' into the container's json-file log; once PID 1 has exited
 * and both pipes are at end of file (or {@link #DRAIN_MILLIS} later: a daemon the container left may hold
 * them open), the container is handed to its finisher on a thread of its own, which records the exit.
 */
final class LogPoller implements Runnable {
    static final long DRAIN_MILLIS = 5000;
    private static final int BUFFER = 8192;

    /** A watched container: its pipes, its log and what to do once it has exited. */
    static final class Watched {
        private final int pidfd;
        private final JsonLog log;
        private final Stream[] streams;
        private final Runnable finisher;
        private long exitedAt; // nanoTime + 1 once PID 1 exited, else 0
        private int open = 2; // pipes not yet at end of file

        Watched(int pidfd, Pipe out, Pipe err, JsonLog log, Runnable finisher) {
            this.pidfd = pidfd;
            this.log = log;
            this.finisher = finisher;
            this.streams = new Stream[] {new Stream(this, out, "stdout"), new Stream(this, err, "stderr")};
        }

        /** A process known only by its pidfd (a container whose monitor died): no pipes, no log. */
        Watched(int pidfd, Runnable finisher) {
            this.pidfd = pidfd;
            this.log = null;
            this.finisher = finisher;
            this.streams = new Stream[0];
            this.open = 0;
        }
    }

    private static final class Stream {
        final Watched owner;
        final Pipe pipe;
        final LineSplitter lines;
        boolean closed;

        Stream(Watched owner, Pipe pipe, String name) {
            this.owner = owner;
            this.pipe = pipe;
            this.lines = new LineSplitter(text -> {
                try {
                    owner.log.write(text, name);
                } catch (IOException e) {
                    // the log is best effort: a full disk must not stop the monitor
                }
            });
        }
    }

    private final Epoll epoll = Epoll.open(BUFFER);
    private final Map<Long, Object> byToken = new HashMap<>(); // Stream or Watched (its pidfd); guarded by this
    private final Consumer<Runnable> threads;
    private long nextToken;

    /** threads runs a finisher on a thread of its own. */
    LogPoller(Consumer<Runnable> threads) {
        this.threads = threads;
    }

    /** Starts watching w (from any thread). */
    void watch(Watched w) {
        synchronized (this) {
            for (Stream s : w.streams) {
                long t = nextToken++;
                byToken.put(t, s);
                epoll.add(s.pipe.readFd(), t);
            }
            long t = nextToken++;
            byToken.put(t, w);
            epoll.add(w.pidfd, t);
        }
    }

    @Override
    public void run() {
        long[] tokens = new long[64];
        byte[] buf = new byte[BUFFER];
        while (true) {
            int n = epoll.await(tokens, waitMillis());
            for (int i = 0; i < n; i++) {
                Object o;
                synchronized (this) {
                    o = byToken.get(tokens[i]);
                }
                if (o instanceof Stream s && !s.closed) {
                    int r;
                    try {
                        r = epoll.read(s.pipe.readFd(), buf);
                    } catch (RuntimeException e) {
                        System.err.println("jrun monitor: " + e.getMessage()); // the stream ends here
                        r = 0;
                    }
                    if (r > 0) {
                        s.lines.feed(buf, r);
                    } else {
                        close(s, tokens[i]);
                    }
                } else if (o instanceof Watched w && w.exitedAt == 0) {
                    epoll.remove(w.pidfd); // its PID 1 exited; the finisher reaps it and closes the pidfd
                    synchronized (this) {
                        byToken.remove(tokens[i]);
                    }
                    w.exitedAt = System.nanoTime() | 1;
                    finishIfDone(w);
                }
            }
            drainOverdue();
        }
    }

    private synchronized int waitMillis() {
        for (Object o : byToken.values()) {
            if (o instanceof Stream s && s.owner.exitedAt != 0) {
                return 500; // a container that exited still has an open pipe
            }
        }
        return -1;
    }

    /** Containers whose PID 1 exited long enough ago: their pipes are closed and they are finished. */
    private void drainOverdue() {
        List<Map.Entry<Long, Object>> late = new ArrayList<>();
        synchronized (this) {
            for (Map.Entry<Long, Object> e : byToken.entrySet()) {
                if (e.getValue() instanceof Stream s && s.owner.exitedAt != 0
                        && System.nanoTime() - s.owner.exitedAt > DRAIN_MILLIS * 1_000_000) {
                    late.add(e);
                }
            }
        }
        for (Map.Entry<Long, Object> e : late) {
            close((Stream) e.getValue(), e.getKey());
        }
    }

    private void close(Stream s, long token) {
        s.closed = true;
        epoll.remove(s.pipe.readFd());
        synchronized (this) {
            byToken.remove(token);
        }
        s.lines.flush();
        s.pipe.closeRead();
        s.owner.open--;
        finishIfDone(s.owner);
    }

    private void finishIfDone(Watched w) {
        if (w.exitedAt != 0 && w.open == 0) {
            threads.accept(() -> {
                try {
                    w.finisher.run();
                } finally {
                    try {
                        if (w.log != null) {
                            w.log.close();
                        }
                    } catch (IOException e) {
                        // the log is best effort
                    }
                }
            });
        }
    }
}
