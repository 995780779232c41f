package dev.jrun.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrun.image.ImageConfig.ContainerConfig;
import dev.jrun.runtime.RunOptions;
import dev.jrun.runtime.SpecBuilder;
import dev.jrun.runtime.spec.Spec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** -t: a pty slave as stdio becomes the container's controlling terminal and /dev/console. */
@Tag("root")
class LauncherTtyTest {
    static final int O_NOCTTY = 0400;

    @Test
    void aTerminalIsTheControllingTtyAndTheConsole(@TempDir Path dir) throws Exception {
        Path rootfs = BusyboxRootfs.create(dir);
        int master = NativeCalls.open("/dev/ptmx", NativeCalls.O_RDWR | O_NOCTTY | NativeCalls.O_CLOEXEC, 0);
        int slave = -1;
        try (NativeMemory mem = new NativeMemory()) {
            long n = mem.ints(0);
            assertEquals(0, NativeCalls.syscall(Sys.IOCTL.nr(), master, 0x40045431L, n, 0)); // TIOCSPTLCK: unlock
            assertEquals(0, NativeCalls.syscall(Sys.IOCTL.nr(), master, 0x80045430L, n, 0)); // TIOCGPTN
            slave = NativeCalls.open("/dev/pts/" + NativeMemory.getInt(n), NativeCalls.O_RDWR | O_NOCTTY | NativeCalls.O_CLOEXEC, 0);
            Spec spec = SpecBuilder.build(ContainerConfig.empty(), RunOptions.defaults().withTty(true).withCommand(List.of(
                    "sh", "-c", "test -t 0 && test -t 1 && echo isatty; echo via-dev-tty > /dev/tty; test -e /dev/console "
                    + "&& echo console; echo $TERM; exit 5")), "tty", SpecBuilder.ImageFiles.none(), Map.of());
            int code = Launcher.forThisHost().run(spec, rootfs, "test-tty-" + ProcessHandle.current().pid(),
                    Stdio.terminal(slave));
            NativeCalls.close(slave);
            slave = -1;
            assertEquals(5, code);
            StringBuilder out = new StringBuilder();
            long buf = mem.allocate(4096);
            while (true) {
                long r = NativeCalls.syscall(Sys.READ.nr(), master, buf, 4096, 0);
                if (r <= 0) {
                    break;
                }
                byte[] b = new byte[(int) r];
                NativeMemory.IO.getByteArray(buf, b, 0, b.length);
                out.append(new String(b, StandardCharsets.UTF_8));
            }
            String text = out.toString().replace("\r\n", "\n");
            assertEquals("isatty\nvia-dev-tty\nconsole\nxterm\n", text);
            assertTrue(LauncherTest.mountsUnder(dir).isEmpty());
        } finally {
            NativeCalls.close(slave);
            NativeCalls.close(master);
        }
    }
}
