package dev.jrun.interop;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/**
 * A runc binary for podman and containerd: a script running this test's jrun build (its classpath,
 * as bin/jrun-runc runs the packaged one) with runc's command line, logging each call's arguments
 * to calls.log beside it so a failing test shows what the caller asked.
 */
final class RuncShim {
    private RuncShim() {
    }

    /**
     * The shim with state root dir/jrun-state (unless the caller passes its own --root): podman
     * 4.3 leaves --runtime-flag out of the delete its cleanup process calls.
     */
    static Path write(Path dir) throws IOException {
        Path script = dir.resolve("jrun-runc");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String jrun = java + " -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -cp '" + System.getProperty("java.class.path")
                + "' dev.jrun.cli.Main oci";
        Files.writeString(script, "#!/bin/sh\necho \"$*\" >> " + dir.resolve("calls.log") + "\ncase \" $* \" in\n"
                + "*\" --root \"*|*\" --root=\"*) exec " + jrun + " \"$@\" ;;\n"
                + "*) exec " + jrun + " --root " + dir.resolve("jrun-state") + " \"$@\" ;;\nesac\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        return script;
    }

    /** What the caller asked of the shim, for assertion messages. */
    static String calls(Path dir) throws IOException {
        Path log = dir.resolve("calls.log");
        return Files.exists(log) ? String.join("\n", Files.readAllLines(log)) : "(no calls)";
    }

    static List<String> leftMounts(Path dir) throws IOException {
        return Files.readAllLines(Path.of("/proc/self/mountinfo")).stream().filter(l -> l.contains(dir.toString())).toList();
    }
}
