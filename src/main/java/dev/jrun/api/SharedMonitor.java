package dev.jrun.api;

import dev.jrun.runtime.Container;
import dev.jrun.runtime.ContainerStatus;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The one monitor process of a store ({@code jrun container-monitor}), the parent of all its detached
 * containers. {@link Detacher} starts it on demand and asks it over a unix socket (containers/monitor.sock)
 * to start a created container ("start ID" → "ok" or "error CODE MESSAGE"). It holds containers/monitor.lock
 * for its whole life. When it has watched no container for {@link #IDLE_MILLIS} it unlinks and closes its
 * socket and exits: a client whose request was not accepted by then gets no answer and starts a new monitor
 * (which waits for the old one's lock). At start it adopts running containers whose monitor died.
 */
public final class SharedMonitor {
    /** How long a monitor without containers waits for another request before it exits. */
    static final long IDLE_MILLIS = Long.getLong("jrun.monitor.idleMillis", 1000);
    private static final int MAX_REQUEST = 256;

    private final Jrun jrun;
    private final LogPoller poller = new LogPoller(r -> thread("finish", r));
    private int active; // containers watched plus requests being read; guarded by this
    private long idleSince = System.nanoTime();

    SharedMonitor(Jrun jrun) {
        this.jrun = jrun;
    }

    /** Serves until idle. Reports "ready" (or "error CODE MESSAGE") on report, then closes it. */
    public int serve(PrintStream report) {
        Path lockFile = jrun.paths().monitorLock();
        try {
            Files.createDirectories(lockFile.getParent());
        } catch (IOException e) {
            return fail(report, "create " + lockFile.getParent() + ": " + e.getMessage());
        }
        try (FileChannel ch = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            FileLock lock = null;
            // a monitor that is leaving unlinked its socket first and releases the lock when its JVM exits
            for (int i = 0; i < 200 && lock == null; i++) {
                lock = ch.tryLock();
                if (lock == null) {
                    Thread.sleep(50);
                }
            }
            if (lock == null) {
                return fail(report, "another monitor holds " + lockFile);
            }
            return serveLocked(report);
        } catch (IOException e) {
            return fail(report, "monitor on " + jrun.paths().monitorSocket() + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return fail(report, "interrupted");
        }
    }

    private int serveLocked(PrintStream report) throws IOException {
        Path sock = jrun.paths().monitorSocket();
        Files.deleteIfExists(sock); // left by a monitor that was killed
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
             Selector selector = Selector.open()) {
            server.bind(UnixDomainSocketAddress.of(sock));
            server.configureBlocking(false);
            server.register(selector, SelectionKey.OP_ACCEPT);
            Thread loop = new Thread(poller, "monitor-poller");
            loop.setDaemon(true);
            loop.start();
            adoptOrphans();
            report.println("ready");
            report.close();
            while (true) {
                selector.select(Math.max(1, IDLE_MILLIS / 4));
                selector.selectedKeys().clear();
                SocketChannel s;
                while ((s = server.accept()) != null) {
                    SocketChannel client = s;
                    begin();
                    thread("request", () -> handle(client));
                }
                synchronized (this) {
                    if (active == 0 && System.nanoTime() - idleSince >= IDLE_MILLIS * 1_000_000) {
                        // unlinked before the close: from here on clients find no socket and start a new monitor
                        Files.deleteIfExists(sock);
                        return 0;
                    }
                }
            }
        }
    }

    /** Watches every running container that a monitor once watched and none watches now. */
    private void adoptOrphans() {
        Monitor monitor = new Monitor(jrun);
        for (Container c : jrun.containers().list()) {
            boolean byMonitor = Files.exists(jrun.paths().container(c.id()).resolve(Monitor.LOCK_FILE));
            // a foreground jrun run records its own exit: it has no monitor.lock and is left alone
            if (c.state().status() == ContainerStatus.RUNNING && byMonitor && !Monitor.watched(jrun, c.id())) {
                begin();
                if (!monitor.adopt(c, poller, this::end)) {
                    end();
                }
            }
        }
    }

    /** One request: "start ID"; the container is then watched by the poller until it exits. */
    private void handle(SocketChannel s) {
        PrintStream reply = new PrintStream(Channels.newOutputStream(s), true, StandardCharsets.UTF_8);
        boolean watching = false;
        try (s) {
            String request = readLine(Channels.newInputStream(s));
            if (request == null || !request.startsWith("start ")) {
                reply.println("error 125 bad request to the monitor: " + request);
                return;
            }
            watching = new Monitor(jrun).start(request.substring("start ".length()).strip(), reply, poller, this::end);
        } catch (IOException e) {
            // the client went away before asking: nothing to watch
        } catch (RuntimeException e) {
            reply.println("error 125 " + String.valueOf(e.getMessage()).replace('\n', ' ')); // e.g. removed meanwhile
        } finally {
            if (!watching) {
                end();
            }
        }
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        int b;
        while ((b = in.read()) >= 0 && b != '\n') {
            if (sb.length() >= MAX_REQUEST) {
                return null;
            }
            sb.append((char) b);
        }
        return b < 0 ? null : sb.toString();
    }

    private synchronized void begin() {
        active++;
    }

    private synchronized void end() {
        if (--active == 0) {
            idleSince = System.nanoTime();
        }
    }

    private static void thread(String name, Runnable r) {
        Thread t = new Thread(r, "monitor-" + name);
        t.setDaemon(false);
        t.start();
    }

    private static int fail(PrintStream report, String message) {
        report.println("error 125 " + message.replace('\n', ' '));
        report.close();
        return 125;
    }
}
