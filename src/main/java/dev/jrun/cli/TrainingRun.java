package dev.jrun.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The training run behind the CDS archive / AOT cache (scripts/train, {@code JRUN_LAUNCHER=train bin/jrun}):
 * runs many jrun command lines in one JVM so the archive holds the classes all of them load. The file names
 * one command line per line, arguments separated by tabs; lines starting with '#' are comments. A command
 * this build does not have yet is skipped, so the same training script serves every stage of the project.
 * A profile's AOT cache (bin/jrun) is trained on a file of one or two lines: this class then loads little
 * of its own, since every class it loads is in the cache too.
 */
public final class TrainingRun {
    private TrainingRun() {}

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: TrainingRun COMMANDS-FILE");
            System.exit(2);
        }
        // java.io, not Files: the oci verbs read through java.io, and Files would bring FileChannel's classes in
        List<String> lines;
        try (java.io.FileInputStream in = new java.io.FileInputStream(args[0])) {
            lines = List.of(new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n"));
        }
        Set<String> skipped = new TreeSet<>();
        for (String line : lines) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] argv = line.split("\t");
            String verb = Main.firstVerb(argv);
            String shown = String.join(" ", argv);
            if (verb != null && !Main.COMMANDS.containsKey(verb)) {
                skipped.add(verb);
                continue;
            }
            long start = System.nanoTime();
            int rc = Main.run(argv);
            // no printf: an AOT cache keeps every class the run loaded, and preloads them all at each start
            System.err.println(new StringBuilder("train: exit ").append(rc).append(" in ")
                    .append((System.nanoTime() - start) / 1_000_000).append(" ms: jrun ").append(shown));
        }
        if (!skipped.isEmpty()) {
            System.err.println("train: skipped, not in this build: " + String.join(", ", skipped));
        }
        // Ends as the CLI does (Main.main): the JVM's own exit would load classes of its shutdown, and an
        // AOT cache dumped at exit would keep them.
        System.out.flush();
        System.err.flush();
        Runtime.getRuntime().halt(0);
    }
}
