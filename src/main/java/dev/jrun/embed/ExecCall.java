package dev.jrun.embed;

import dev.jrun.JrunException;
import dev.jrun.api.ExecRunner;
import dev.jrun.api.SignalForwarder;
import dev.jrun.linux.Stdio;
import dev.jrun.runtime.ExecSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code jrun exec} from the API: the command runs in the container's namespaces and cgroups through the
 * engine's ExecRunner, its output captured in files in the container's directory and read back whole.
 */
final class ExecCall {
    private ExecCall() {
    }

    /** What the command wrote, as bytes. */
    record Raw(int exitCode, byte[] stdout, byte[] stderr) {
        ExecResult text() {
            return new ExecResult(exitCode, new String(stdout, StandardCharsets.UTF_8),
                    new String(stderr, StandardCharsets.UTF_8));
        }
    }

    static ExecResult run(dev.jrun.api.Jrun engine, String id, String name, List<String> command) {
        return run(engine, id, name, command, Path.of("/dev/null")).text();
    }

    /** Runs command in the container with stdin read from the host file in. */
    static Raw run(dev.jrun.api.Jrun engine, String id, String name, List<String> command, Path in) {
        if (command.isEmpty()) {
            throw new IllegalArgumentException("exec needs a command to run in container " + name);
        }
        Path dir = engine.paths().container(id);
        Path out = null;
        Path err = null;
        try {
            out = Files.createTempFile(dir, "exec-", ".out");
            err = Files.createTempFile(dir, "exec-", ".err");
            ExecRunner.Request r = new ExecRunner.Request(id, new ExecSpec.Options(command, List.of(), null, null,
                    false, false), null);
            int code = engine.exec().run(r, Stdio.files(in, out, err), SignalForwarder.none());
            return new Raw(code, Files.readAllBytes(out), Files.readAllBytes(err));
        } catch (IOException e) {
            throw new JrunException("exec " + String.join(" ", command) + " in container " + name + ": "
                    + e.getMessage(), e);
        } catch (JrunException e) {
            if (e.exitCode() == 126 || e.exitCode() == 127) { // not found or not executable: as a shell says it
                return new Raw(e.exitCode(), new byte[0], (e.getMessage() + "\n").getBytes(StandardCharsets.UTF_8));
            }
            throw new JrunException("exec " + String.join(" ", command) + " in container " + name + ": "
                    + e.getMessage(), e);
        } finally {
            deleteQuietly(out);
            deleteQuietly(err);
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            if (p != null) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // in the container's directory: removed with the container anyway
        }
    }
}
