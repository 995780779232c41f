package dev.jrun;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/**
 * A few environment variables: from the properties bin/jrun passes them in (jrun.env.NAME), or read from
 * /proc/self/environ: the environment this process started with,
 * which is what System.getenv reports (a JVM never changes its own). System.getenv's first call builds the
 * JDK's map of the whole environment, ~1 ms of an interpreted short command (a runc verb, `run` without
 * --root) that asks for one variable or two. Falls back to System.getenv where /proc is not readable.
 */
public final class StartEnv {
    /** Whether bin/jrun passes name on as the property jrun.env.NAME (with jrun.env=launcher): JRUN_ROOT, JRUN_TRACE_TIMES. */
    static boolean fromLauncher(String name) {
        return name.equals("JRUN_ROOT") || name.equals("JRUN_TRACE_TIMES");
    }

    private StartEnv() {
    }

    /** The raw environment with a NUL in front ("\0NAME=value\0NAME=value\0"), or null without /proc; read once. */
    private static final class Environ {
        static final byte[] BYTES = read();
    }

    /** The variable's value as System.getenv(name) gives it, or null when it is not set. */
    public static String get(String name) {
        if (fromLauncher(name) && "launcher".equals(System.getProperty("jrun.env"))) {
            return System.getProperty("jrun.env." + name); // bin/jrun passed on what it had
        }
        byte[] environ = Environ.BYTES;
        if (environ == null) {
            return System.getenv(name);
        }
        return value(environ, name, jnuCharset());
    }

    /**
     * The value of name in environ ("\0NAME=value\0..." as /proc gives it, a NUL put in front), the last
     * one when it is there twice (as the JDK's map keeps it), or null.
     */
    static String value(byte[] environ, String name, Charset charset) {
        // one pass over the entries, each compared from its start and left at its first difference: the
        // interpreter pays per byte touched, and a search that tries the name at every offset of the ~5 KB
        // environment cost ~0.6 ms per variable
        byte[] key = (name + "=").getBytes(StandardCharsets.ISO_8859_1);
        String found = null;
        int n = environ.length;
        for (int at = 1; at < n; ) { // environ[0] is the NUL put in front
            int k = 0;
            while (k < key.length && at + k < n && environ[at + k] == key[k]) {
                k++;
            }
            int end = at + k;
            while (end < n && environ[end] != 0) {
                end++;
            }
            if (k == key.length) {
                found = new String(environ, at + k, end - at - k, charset); // the last one wins, as in the JDK's map
            }
            at = end + 1;
        }
        return found;
    }

    /** The charset the JDK decodes the environment with (the locale's: US-ASCII under C, often UTF-8). */
    private static Charset jnuCharset() {
        try {
            return Charset.forName(System.getProperty("sun.jnu.encoding", "UTF-8"));
        } catch (RuntimeException e) {
            return StandardCharsets.UTF_8;
        }
    }

    private static byte[] read() {
        try (java.io.FileInputStream in = new java.io.FileInputStream("/proc/self/environ")) {
            byte[] raw = in.readAllBytes();
            byte[] env = new byte[raw.length + 1];
            System.arraycopy(raw, 0, env, 1, raw.length);
            return env;
        } catch (java.io.IOException | RuntimeException e) {
            return null;
        }
    }
}
