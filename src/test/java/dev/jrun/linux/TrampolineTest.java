package dev.jrun.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The trampoline without namespaces (needs no root): table walking, errors, ignored errnos, exit codes. */
class TrampolineTest {
    static final long AT_FDCWD = -100;

    static SyscallTable exec(NativeMemory mem, SyscallTable t, String path, String... argv) {
        return t.add("execve " + path, Sys.EXECVE, mem.cstring(path), mem.stringArray(List.of(argv)),
                mem.stringArray(List.of("PATH=/bin:/usr/bin")));
    }

    @Test
    void runsTheTableThenExecs(@TempDir Path dir) throws Exception {
        try (NativeMemory mem = new NativeMemory()) {
            Path sub = dir.resolve("made");
            SyscallTable t = new SyscallTable()
                    .add("mkdir " + sub, Sys.MKDIRAT, AT_FDCWD, mem.cstring(sub.toString()), 0755)
                    .addIgnoring(Errno.EEXIST, "mkdir again", Sys.MKDIRAT, AT_FDCWD, mem.cstring(sub.toString()), 0755)
                    .add("chdir " + sub, Sys.CHDIR, mem.cstring(sub.toString()));
            exec(mem, t, "/bin/sh", "sh", "-c", "echo $$ > pid; pwd > cwd; exit 7");
            Clone.Child c = Clone.run(t, 0, -1);
            assertTrue(c.pid() > 0 && c.pidfd() > 2, c.toString());
            assertEquals(7, NativeCalls.waitPidfd(c.pidfd()));
            NativeCalls.close(c.pidfd());
            assertEquals(String.valueOf(c.pid()), Files.readString(sub.resolve("pid")).strip());
            assertEquals(sub.toString(), Files.readString(sub.resolve("cwd")).strip());
        }
    }

    @Test
    void aFailingStepIsReportedByIndexAndErrno(@TempDir Path dir) {
        try (NativeMemory mem = new NativeMemory()) {
            SyscallTable t = new SyscallTable()
                    .add("mkdir " + dir, Sys.MKDIRAT, AT_FDCWD, mem.cstring(dir.toString()), 0755);
            exec(mem, t, "/bin/true", "true");
            ChildFailedException e = assertThrows(ChildFailedException.class, () -> Clone.run(t, 0, -1));
            assertEquals(0, e.failure().index());
            assertEquals(Errno.EEXIST, e.errno());
            assertEquals(127, e.childStatus());
            assertEquals("mkdir " + dir + ": EEXIST (File exists)", e.getMessage());
            assertEquals(125, e.exitCode());
        }
    }

    @Test
    void missingExecutableIs127AndNotExecutableIs126(@TempDir Path dir) throws Exception {
        try (NativeMemory mem = new NativeMemory()) {
            SyscallTable t = exec(mem, new SyscallTable(), dir.resolve("nope").toString(), "nope");
            ChildFailedException e = assertThrows(ChildFailedException.class, () -> Clone.run(t, 0, -1));
            assertEquals(127, e.exitCode());
            assertTrue(e.getMessage().contains("ENOENT"), e.getMessage());
            Path plain = Files.writeString(dir.resolve("plain"), "data");
            SyscallTable t2 = exec(mem, new SyscallTable(), plain.toString(), "plain");
            ChildFailedException e2 = assertThrows(ChildFailedException.class, () -> Clone.run(t2, 0, -1));
            assertEquals(126, e2.exitCode());
        }
    }

    @Test
    void signalsGive128PlusSignal() {
        try (NativeMemory mem = new NativeMemory()) {
            SyscallTable t = exec(mem, new SyscallTable(), "/bin/sh", "sh", "-c", "kill -9 $$");
            Clone.Child c = Clone.run(t, 0, -1);
            assertEquals(137, NativeCalls.waitPidfd(c.pidfd()));
            NativeCalls.close(c.pidfd());
        }
    }

    @Test
    void manyLaunchesFromManyThreadsUnderGcPressure() throws Exception {
        int threads = 4;
        int each = 25;
        List<Thread> ts = new java.util.ArrayList<>();
        java.util.concurrent.atomic.AtomicInteger ok = new java.util.concurrent.atomic.AtomicInteger();
        for (int i = 0; i < threads; i++) {
            Thread th = new Thread(() -> {
                for (int j = 0; j < each; j++) {
                    byte[][] garbage = new byte[64][];
                    for (int k = 0; k < garbage.length; k++) {
                        garbage[k] = new byte[16 * 1024];
                    }
                    try (NativeMemory mem = new NativeMemory()) {
                        SyscallTable t = exec(mem, new SyscallTable(), "/bin/sh", "sh", "-c", "exit " + (j % 5));
                        Clone.Child c = Clone.run(t, 0, -1);
                        if (NativeCalls.waitPidfd(c.pidfd()) == j % 5) {
                            ok.incrementAndGet();
                        }
                        NativeCalls.close(c.pidfd());
                    }
                    assertNotEquals(null, garbage[63]);
                }
            });
            ts.add(th);
            th.start();
        }
        for (Thread th : ts) {
            th.join(60_000);
        }
        assertEquals(threads * each, ok.get());
    }

    @Test
    void openAndSyscallThroughJffi(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("f");
        int fd = NativeCalls.open(f.toString(), NativeCalls.O_WRONLY | NativeCalls.O_CREAT | NativeCalls.O_CLOEXEC, 0600);
        assertTrue(fd > 2);
        try (NativeMemory mem = new NativeMemory()) {
            assertEquals(3, NativeCalls.syscall(Sys.WRITE.nr(), fd, mem.cstring("abc"), 3, 0));
        }
        NativeCalls.close(fd);
        assertEquals("abc", Files.readString(f));
        SyscallException e = assertThrows(SyscallException.class,
                () -> NativeCalls.open(dir.resolve("no/such").toString(), NativeCalls.O_RDONLY, 0));
        assertEquals(Errno.ENOENT, e.errno());
        assertTrue(e.getMessage().contains("no/such"), e.getMessage());
    }

    @Test
    void aChainedStepUsesThePreviousResult(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("written");
        try (NativeMemory mem = new NativeMemory()) {
            SyscallTable t = new SyscallTable()
                    .add("open " + f, Sys.OPENAT, AT_FDCWD, mem.cstring(f.toString()),
                            NativeCalls.O_WRONLY | NativeCalls.O_CREAT | NativeCalls.O_CLOEXEC, 0644)
                    .addIgnoring(Errno.EEXIST, "mkdir " + dir + " (exists: an ignored error keeps the last result)",
                            Sys.MKDIRAT, AT_FDCWD, mem.cstring(dir.toString()), 0755)
                    .addChained("write hello to the opened file", Sys.WRITE, mem.cstring("hello"), 5);
            exec(mem, t, "/bin/true", "true");
            Clone.Child c = Clone.run(t, 0, -1);
            assertEquals(0, NativeCalls.waitPidfd(c.pidfd()));
            NativeCalls.close(c.pidfd());
        }
        assertEquals("hello", Files.readString(f));
    }
}
