package dev.jrun.cli;

import dev.jrun.archive.ArchiveLoader;
import dev.jrun.image.ImageReference;
import dev.jrun.store.Image;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "load", description = "Load images from a docker-archive or OCI archive (file or stdin).")
final class LoadCommand extends StoreCommand {
    @Option(names = {"-i", "--input"}, paramLabel = "FILE", description = "Read from a file instead of stdin.")
    Path input;

    @Option(names = {"-q", "--quiet"}, description = "Suppress the load output.")
    boolean quiet;

    @Override
    int execute() throws Exception {
        List<Image> images;
        if (input == null) {
            images = new ArchiveLoader(store()).load(System.in, "stdin");
        } else {
            if (!Files.isRegularFile(input)) {
                throw new dev.jrun.JrunException("open " + input + ": no such file");
            }
            try (InputStream in = Files.newInputStream(input)) {
                images = new ArchiveLoader(store()).load(in, input.toString());
            }
        }
        if (!quiet) {
            for (Image img : images) {
                if (img.tags().isEmpty()) {
                    out().println("Loaded image ID: " + img.id());
                }
                for (ImageReference t : img.tags()) {
                    out().println("Loaded image: " + t.familiar());
                }
            }
        }
        return 0;
    }
}
