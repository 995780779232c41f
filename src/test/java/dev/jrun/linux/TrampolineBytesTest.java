package dev.jrun.linux;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The trampoline's bytes (TrampolineCode) are exactly what binutils makes of the commented sources in
 * src/main/asm. Needs binutils-x86-64-linux-gnu and binutils-aarch64-linux-gnu (scripts/setup).
 */
@Tag("root")
class TrampolineBytesTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "x86_64, x86_64-linux-gnu-as, x86_64-linux-gnu-objcopy",
        "aarch64, aarch64-linux-gnu-as, aarch64-linux-gnu-objcopy",
    })
    void resourceMatchesTheAssembledSource(String arch, String as, String objcopy, @TempDir Path dir) throws Exception {
        Path source = Path.of("src/main/asm/trampoline-" + arch + ".S");
        Path obj = dir.resolve("t.o");
        Path bin = dir.resolve("t.bin");
        run(List.of(as, "-o", obj.toString(), source.toString()));
        run(List.of(objcopy, "-O", "binary", "-j", ".text", obj.toString(), bin.toString()));
        byte[] want = Files.readAllBytes(bin);
        assertArrayEquals(want, TrampolineCode.of(arch),
                "TrampolineCode's " + arch + " bytes are stale: reassemble " + source + " (xxd -p of objcopy's output)");
    }

    private static void run(List<String> cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        p.waitFor(60, TimeUnit.SECONDS);
        assertEquals(0, p.exitValue(), String.join(" ", cmd) + " failed: " + out);
    }
}
