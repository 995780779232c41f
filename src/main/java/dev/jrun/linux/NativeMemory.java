package dev.jrun.linux;

import com.kenai.jffi.MemoryIO;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * An arena of zeroed native memory for the trampoline's table: C strings, pointer arrays and
 * structs. Everything is freed at once by {@link #close()}; nothing here lives on the Java heap,
 * so the child (which shares the JVM's memory) never sees the GC move anything.
 */
public final class NativeMemory implements AutoCloseable {
    static final MemoryIO IO = MemoryIO.getInstance();
    /**
     * Small allocations are carved from chunks of this size: a container's table takes ~150 of them, and a
     * JNI malloc and free for each cost ~1 ms of an interpreted run.
     */
    private static final long CHUNK = 16 * 1024;
    private final List<Long> blocks = new ArrayList<>();
    /** The free part of the current chunk: [next, end). */
    private long next;
    private long end;

    /** size bytes, zeroed, 16-byte aligned (as malloc's). */
    public long allocate(long size) {
        long n = (Math.max(size, 8) + 15) & ~15L;
        if (n > CHUNK / 4) {
            return block(n);
        }
        if (end - next < n) {
            next = block(CHUNK);
            end = next + CHUNK;
        }
        long a = next;
        next += n;
        return a;
    }

    private long block(long size) {
        long a = IO.allocateMemory(size, true);
        if (a == 0) {
            throw new OutOfMemoryError("native allocation of " + size + " bytes failed");
        }
        blocks.add(a);
        return a;
    }

    /** A NUL-terminated UTF-8 copy of s. */
    public long cstring(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        long a = allocate(b.length + 1L);
        IO.putByteArray(a, b, 0, b.length);
        return a;
    }

    /** A NULL-terminated array of C strings, as execve's argv and envp. */
    public long stringArray(List<String> strings) {
        long a = allocate(8L * (strings.size() + 1));
        for (int i = 0; i < strings.size(); i++) {
            IO.putLong(a + 8L * i, cstring(strings.get(i)));
        }
        return a;
    }

    /** Consecutive 64-bit values (rlimit, clone_args fields...). */
    public long longs(long... values) {
        long a = allocate(8L * values.length);
        IO.putLongArray(a, values, 0, values.length);
        return a;
    }

    /** Consecutive 32-bit values (cap headers and data, gid_t arrays). */
    public long ints(int... values) {
        long a = allocate(4L * values.length);
        IO.putIntArray(a, values, 0, values.length);
        return a;
    }

    public static void putLong(long address, long value) {
        IO.putLong(address, value);
    }

    public static long getLong(long address) {
        return IO.getLong(address);
    }

    public static int getInt(long address) {
        return IO.getInt(address);
    }

    @Override
    public void close() {
        for (long a : blocks) {
            IO.freeMemory(a);
        }
        blocks.clear();
        next = 0;
        end = 0;
    }
}
