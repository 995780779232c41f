package dev.jrun.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** Runs jrun's CLI in this JVM against a given store, capturing what it prints. */
public final class CliRunner {
    /** Exit code and output of one command. */
    public record Result(int exitCode, String out, String err) {
    }

    private final Path root;

    public CliRunner(Path root) {
        this.root = root;
    }

    public synchronized Result run(String... args) {
        String[] full = new String[args.length + 2];
        full[0] = "--root";
        full[1] = root.toString();
        System.arraycopy(args, 0, full, 2, args.length);
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int rc = Main.run(full);
            return new Result(rc, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }
}
