package dev.jrun.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.jrun.image.ImageReference;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The scan of a push's command line that starts its connection before the parse (PushCommand.connectAhead). */
class PushCommandTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "null", value = {
        "push 127.0.0.1:5000/a/b:1|127.0.0.1:5000/a/b:1|null",
        "push -q localhost:5000/b|localhost:5000/b:latest|null",
        "push --quiet --authfile /x/auth.json reg.example/b:2|reg.example/b:2|null",
        "push --authfile=/x/auth.json reg.example/b:2 -q|reg.example/b:2|null",
        "push --tls-verify reg.example/b:2|reg.example/b:2|true",
        "push --tls-verify=FALSE reg.example/b:2|reg.example/b:2|false",
        "push --tls-verify=true -q busybox|docker.io/library/busybox:latest|true",
        "push reg.example/b@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
            + "|reg.example/b@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef|null",
    })
    void readsTheCommandLinesItIsSureOf(String line, String target, Boolean tls) {
        String[] args = ("--root /tmp/s " + line).split(" ");
        PushCommand.Ahead a = PushCommand.scanAhead(args, 3);
        assertEquals(ImageReference.parse(target), a.target(), line);
        assertEquals(tls, a.tlsVerify(), line);
    }

    @Test
    void mainStartsTheConnectionOfAPushItCanReadBeforeItsParse(@TempDir Path dir) {
        CliRunner jrun = new CliRunner(dir);
        int before = PushCommand.startedAhead;
        // nothing listens on port 1: each fails, after the scan, for want of the image or the registry
        assertEquals(125, jrun.run("push", "-q", "127.0.0.1:1/app:1").exitCode());
        assertEquals(before + 1, PushCommand.startedAhead);
        assertEquals(125, jrun.run("push", "--quiet=true", "127.0.0.1:1/app:1").exitCode());
        assertEquals(125, jrun.run("pull", "-q", "127.0.0.1:1/app:1").exitCode());
        assertEquals(125, jrun.run("tag", "push", "127.0.0.1:1/app:1").exitCode());
        assertEquals(before + 1, PushCommand.startedAhead, "only a push, and one the scan reads");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "push",
        "push -q",
        "push a:1 b:1",
        "push --tls-verify false reg.example/b:2",
        "push --tls-verify=maybe reg.example/b:2",
        "push --help",
        "push -qq reg.example/b:2",
        "push --creds u:p reg.example/b:2",
        "push -- reg.example/b:2",
        "push 0123abcd",
        "push Reg.example/UPPER:1",
        "push reg.example/b:",
    })
    void leavesEveryOtherToTheParser(String line) {
        assertNull(PushCommand.scanAhead(line.split(" "), 1), line);
    }
}
