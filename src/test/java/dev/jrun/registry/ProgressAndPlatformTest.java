package dev.jrun.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrun.image.Descriptor;
import dev.jrun.image.Digest;
import dev.jrun.image.ImageIndex;
import dev.jrun.image.MediaTypes;
import dev.jrun.image.Platform;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Platform choice from an index, and the progress display in both of its modes. */
class ProgressAndPlatformTest {
    static Descriptor entry(String platform) {
        Platform p = Platform.parse(platform);
        return Descriptor.of(MediaTypes.OCI_MANIFEST, Digest.sha256(platform), 100).withPlatform(p);
    }

    static final ImageIndex INDEX = ImageIndex.oci(List.of(entry("linux/amd64/v3"), entry("linux/amd64"),
            entry("linux/arm/v6"), entry("linux/arm/v7"), entry("linux/arm64"), entry("windows/amd64")));

    String pick(String want) {
        return ManifestPuller.select(INDEX, Platform.parse(want), "r").platform().toString();
    }

    @Test
    void selectsByOsArchitectureAndVariant() {
        assertEquals("linux/amd64", pick("linux/amd64"), "no variant asked: the plain entry first");
        assertEquals("linux/amd64/v3", pick("linux/amd64/v3"));
        assertEquals("linux/arm64", pick("linux/arm64/v8"), "arm64 without variant is v8");
        assertEquals("linux/arm/v7", pick("linux/arm/v7"));
        assertEquals("windows/amd64", pick("windows/amd64"));
        RegistryException e = assertThrows(RegistryException.class, () -> pick("linux/riscv64"));
        assertTrue(e.getMessage().contains("linux/riscv64") && e.getMessage().contains("linux/arm/v7"), e.getMessage());
    }

    @Test
    void plainOutputIsOneLinePerStateChange() {
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        Progress p = new Progress(new PrintStream(bos, true, StandardCharsets.UTF_8), false, Progress.Kind.PULL);
        Descriptor l = entry("linux/amd64");
        p.started(l);
        p.progress(l, 50, 100);
        p.finished(l);
        String id = l.digest().shortHex();
        assertEquals(id + ": Pulling fs layer\n" + id + ": Pull complete\n", bos.toString(StandardCharsets.UTF_8));
    }

    @Test
    void terminalOutputRedrawsLinesWithBytesAndRate() throws Exception {
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        Progress p = new Progress(new PrintStream(bos, true, StandardCharsets.UTF_8), true, Progress.Kind.PUSH);
        Descriptor a = entry("linux/amd64");
        Descriptor b = entry("linux/arm64");
        p.started(a);
        p.exists(b);
        Thread.sleep(120);
        p.progress(a, 2_500_000, 5_000_000);
        p.finished(a);
        String out = bos.toString(StandardCharsets.UTF_8);
        assertTrue(out.contains("\033[2A"), "moves up over the two layer lines: " + out);
        assertTrue(out.contains(a.digest().shortHex() + ": Pushing  2.5MB/5.0MB  "), out);
        assertTrue(out.matches("(?s).*MB/s.*"), "shows a rate: " + out);
        assertTrue(out.endsWith(a.digest().shortHex() + ": Pushed\n\r\033[2K" + b.digest().shortHex()
                + ": Layer already exists\n"), out);
    }
}
