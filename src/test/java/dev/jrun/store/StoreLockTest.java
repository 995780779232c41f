package dev.jrun.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrun.JrunException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The kernel holds the lock (a POSIX record lock, as /proc/locks shows it) while a StoreLock is open, and drops it at close. */
class StoreLockTest {
    /** /proc/locks lines for this process on file's inode: "POSIX ADVISORY WRITE" and the like. */
    static List<String> kernelLocks(Path file) throws Exception {
        long inode = (Long) Files.getAttribute(file, "unix:ino");
        long pid = ProcessHandle.current().pid();
        List<String> out = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of("/proc/locks"))) {
            String[] f = line.trim().split("\\s+");
            // 1: POSIX  ADVISORY  WRITE 1234 08:00:5678 0 EOF
            if (f.length >= 6 && f[4].equals(Long.toString(pid)) && f[5].endsWith(":" + inode)) {
                out.add(f[1] + " " + f[3]);
            }
        }
        return out;
    }

    @Test
    void exclusiveAndSharedLocksAreTheKernelsAndEndAtClose(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("store.lock");
        try (StoreLock l = StoreLock.exclusive(file)) {
            assertEquals(List.of("POSIX WRITE"), kernelLocks(file));
        }
        assertEquals(List.of(), kernelLocks(file));
        try (StoreLock a = StoreLock.shared(file); StoreLock b = StoreLock.shared(file)) {
            assertEquals(List.of("POSIX READ"), kernelLocks(file), "one file lock for both readers");
        }
        assertEquals(List.of(), kernelLocks(file));
        assertTrue(Files.exists(file), "the lock file is made and stays");
    }

    @Test
    void aLockWhereNoFileCanBeMadeSaysWhere(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("missing/dir/store.lock");
        JrunException e = assertThrows(JrunException.class, () -> StoreLock.exclusive(file));
        assertTrue(e.getMessage().startsWith("lock " + file + ": "), e.getMessage());
        // the failed lock left nothing held: the same path locks once it can be made
        try (StoreLock l = StoreLock.exclusive(dir.resolve("store.lock"))) {
            assertEquals(List.of("POSIX WRITE"), kernelLocks(dir.resolve("store.lock")));
        }
    }

    /**
     * A thread waiting for a lock another process holds keeps no other path's lock waiting: before, it waited
     * inside one monitor for every path, so this JVM could take or release no lock until the other process let go.
     */
    @Test
    void aWaitForOnePathLeavesTheOtherPathsFree(@TempDir Path dir) throws Exception {
        Path a = dir.resolve("a.lock");
        Path b = dir.resolve("b.lock");
        // another process holds b: a POSIX record lock, as FileChannel.lock takes, until its stdin closes
        Process holder = new ProcessBuilder("python3", "-c", "import fcntl, sys\n"
                + "f = open(sys.argv[1], 'w')\nfcntl.lockf(f, fcntl.LOCK_EX)\nprint('held', flush=True)\nsys.stdin.read()",
                b.toString()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        Thread waiter = null;
        try {
            assertEquals("held", new java.io.BufferedReader(new java.io.InputStreamReader(holder.getInputStream())).readLine());
            java.util.concurrent.CountDownLatch gotB = new java.util.concurrent.CountDownLatch(1);
            waiter = new Thread(() -> {
                try (StoreLock l = StoreLock.exclusive(b)) {
                    gotB.countDown();
                }
            });
            waiter.start();
            // the kernel lists the blocked request ("1: -> POSIX ADVISORY WRITE pid ...") once the waiter is in it
            String pid = " " + ProcessHandle.current().pid() + " ";
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (Files.readAllLines(Path.of("/proc/locks")).stream().noneMatch(l -> l.contains("->") && l.contains(pid))) {
                assertTrue(System.nanoTime() < deadline, "the waiter never blocked on b");
                Thread.sleep(5);
            }
            java.util.concurrent.FutureTask<Boolean> other = new java.util.concurrent.FutureTask<>(() -> {
                try (StoreLock l = StoreLock.exclusive(a)) {
                    return kernelLocks(a).equals(List.of("POSIX WRITE"));
                }
            });
            new Thread(other).start();
            assertTrue(other.get(10, java.util.concurrent.TimeUnit.SECONDS), "a was locked while b was awaited");
            assertEquals(1L, gotB.getCount(), "b is still the other process's");
            holder.getOutputStream().close();
            assertTrue(gotB.await(10, java.util.concurrent.TimeUnit.SECONDS), "b was taken once the other process let go");
        } finally {
            holder.destroyForcibly().waitFor();
            if (waiter != null) {
                waiter.join(10_000);
            }
        }
    }
}
