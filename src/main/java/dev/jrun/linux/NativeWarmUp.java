package dev.jrun.linux;

/**
 * Loads jffi on a second thread while the command's main thread does its store work.
 *
 * <p>A cold JVM spends ~5-10 ms in jffi's first use: loading libjffi, its JNI registration, the memory
 * accessors, libc's handle and the call contexts. A container start needs all of them only once the image
 * is found and the container recorded, which takes longer than that on the main thread; so the start warms
 * them up here, in parallel, and the mount finds them ready. Class initialization is thread-safe: if the
 * main thread gets there first it waits for the same initialization instead of doing it twice.
 *
 * The JDK's file channels are initialized here too, first, for a run (see warm), and NativeCalls' call
 * contexts. The trampoline is mapped here too: reading its bytes is the JVM's first resource read from a jar,
 * ~5 ms of URL and jar-connection machinery.
 *
 * <p>Only what reports a failure again on its next use is touched: jffi records a failure to load its
 * library and rethrows it on every later use, and Trampoline.get keeps no instance when mapping fails. So
 * the main thread still meets the real error (for example on a host without the native library); jrun's
 * classes whose static initializers throw (NativeCalls) are left to the main thread.
 */
public final class NativeWarmUp {
    private NativeWarmUp() {
    }

    /**
     * Starts the warm-up thread. A Thread subclass, not a method reference: the first lambda's bootstrap
     * (LambdaMetafactory, the class-file API: ~80 classes) cost the calling thread ~5 ms of an interpreted
     * runc create, before anything else could start.
     */
    public static void start() {
        start(false);
    }

    /**
     * As {@link #start()}; with fileChannels, the JDK's file channels are initialized first (a run's container
     * record is locked through one). Not for the runc verbs: they read and write through java.io only, and
     * libnio's loading would only take the second core from jffi's.
     */
    public static void start(boolean fileChannels) {
        Thread t = new Warmer(fileChannels);
        t.setDaemon(true);
        t.start();
    }

    private static final class Warmer extends Thread {
        private final boolean fileChannels;

        Warmer(boolean fileChannels) {
            super("jrun-native-warmup");
            this.fileChannels = fileChannels;
        }

        @Override
        public void run() {
            warm(fileChannels);
        }
    }

    /** What the warm-up made, held: jffi keeps its libraries and call contexts in caches of references. */
    private static volatile com.kenai.jffi.Library libc;
    private static volatile com.kenai.jffi.CallContext[] contexts;

    private static void warm(boolean fileChannels) {
        if (fileChannels) {
            try {
                // first the JDK's file channels, whose first use loads libnio (IOUtil's initializer, ~1.5 ms of
                // an interpreted run): the container record's lock (StoreLock, a FileChannel lock) needs them a
                // few milliseconds after the start, before it needs jffi
                Class.forName("sun.nio.ch.FileChannelImpl", true, null);
            } catch (Throwable ignored) {
                // a JDK without that class: the lock loads what it needs itself
            }
        }
        try {
            com.kenai.jffi.MemoryIO.getInstance();
            com.kenai.jffi.Invoker.getInstance();
            libc = com.kenai.jffi.Library.getCachedInstance("libc.so.6", com.kenai.jffi.Library.LAZY
                    | com.kenai.jffi.Library.GLOBAL);
            // NativeCalls' call contexts (jffi caches them by signature): its initializer, on the main thread
            // at the overlay mount, then finds them made (~0.5 ms interpreted)
            contexts = new com.kenai.jffi.CallContext[] {CallContexts.intPtrIntInt(), CallContexts.intInt(),
                CallContexts.waitid(), CallContexts.syscall4(), CallContexts.syscall5()};
            Trampoline.get();
        } catch (Throwable ignored) {
            // the main thread meets the same failure, with its own message, where it needs native code
        }
    }
}
