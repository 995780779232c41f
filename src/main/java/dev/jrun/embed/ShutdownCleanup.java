package dev.jrun.embed;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One shutdown hook per JVM that removes the containers still open in every {@link Jrun} when the JVM
 * exits normally (System.exit, end of main, SIGTERM, SIGINT). A JVM killed with SIGKILL runs no hook: then
 * the owner labels let the next Jrun or jrun command remove them.
 */
final class ShutdownCleanup {
    private static final Set<Jrun> OPEN = ConcurrentHashMap.newKeySet();
    private static boolean installed;

    private ShutdownCleanup() {
    }

    static synchronized void register(Jrun j) {
        if (!installed) {
            Runtime.getRuntime().addShutdownHook(new Thread(ShutdownCleanup::run, "jrun-shutdown-cleanup"));
            installed = true;
        }
        OPEN.add(j);
    }

    static void unregister(Jrun j) {
        OPEN.remove(j);
    }

    private static void run() {
        // containers are closed in parallel: each waits for its own exit
        List<Thread> closers = new java.util.ArrayList<>();
        for (Jrun j : List.copyOf(OPEN)) {
            for (RunningContainer c : j.containers()) {
                Thread t = new Thread(() -> closeQuietly(c), "jrun-close-" + c.name());
                t.start();
                closers.add(t);
            }
        }
        for (Thread t : closers) {
            try {
                t.join(20_000);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private static void closeQuietly(RunningContainer c) {
        try {
            c.close();
        } catch (RuntimeException e) {
            System.err.println("jrun: could not remove " + c + " at exit: " + e.getMessage());
        }
    }
}
