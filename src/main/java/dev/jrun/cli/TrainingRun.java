package dev.jrun.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The training run behind the CDS archive / AOT cache (scripts/train, {@code JRUN_LAUNCHER=train bin/jrun}):
 * runs many jrun command lines in one JVM so the archive holds the classes all of them load. The file names
 * one command line per line, arguments separated by tabs; lines starting with '#' are comments. A command
 * this build does not have yet is skipped, so the same training script serves every stage of the project.
 */
public final class TrainingRun {
    private TrainingRun() {}

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: TrainingRun COMMANDS-FILE");
            System.exit(2);
        }
        List<String> lines = Files.readAllLines(Path.of(args[0]), StandardCharsets.UTF_8);
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
            System.err.printf("train: exit %d in %d ms: jrun %s%n", rc, (System.nanoTime() - start) / 1_000_000, shown);
        }
        if (!skipped.isEmpty()) {
            System.err.println("train: skipped, not in this build: " + String.join(", ", skipped));
        }
    }
}
