package dev.jrun.cli;

import dev.jrun.JrunException;
import dev.jrun.archive.ArchiveSaver;
import dev.jrun.image.ImageReference;
import dev.jrun.store.Image;
import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "save", description = "Save images to a tar archive (docker-archive by default), to a file or stdout.")
final class SaveCommand extends StoreCommand {
    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write to a file instead of stdout.")
    Path output;

    @Option(names = "--format", defaultValue = "docker-archive", paramLabel = "FORMAT",
            description = "docker-archive (default) or oci-archive.")
    String format;

    @Parameters(arity = "1..*", paramLabel = "IMAGE")
    List<String> names;

    @Override
    int execute() throws Exception {
        ArchiveSaver.Format f = switch (format) {
            case "docker-archive" -> ArchiveSaver.Format.DOCKER_ARCHIVE;
            case "oci-archive" -> ArchiveSaver.Format.OCI_ARCHIVE;
            default -> throw new JrunException("unknown --format " + format + ": want docker-archive or oci-archive");
        };
        List<ArchiveSaver.Request> requests = new ArrayList<>();
        for (String n : names) {
            Image img = store().resolve(n);
            requests.add(new ArchiveSaver.Request(img, askedTag(n, img)));
        }
        ArchiveSaver saver = new ArchiveSaver(store());
        if (output == null) {
            if (System.console() != null) {
                throw new JrunException("cowardly refusing to save to a terminal. Use the -o flag or redirect");
            }
            OutputStream out = new BufferedOutputStream(System.out, 1 << 16);
            saver.save(requests, f, out);
            out.flush();
            return 0;
        }
        Path target = output.toAbsolutePath();
        Path tmp = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".tmp");
        try {
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16)) {
                saver.save(requests, f, out);
            }
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
        return 0;
    }

    /** The tag the user named (docker saves just that tag), or null if they gave an id. */
    private static ImageReference askedTag(String name, Image img) {
        for (ImageReference t : img.tags()) {
            try {
                if (ImageReference.parse(name).equals(t)) {
                    return t;
                }
            } catch (JrunException e) {
                return null;
            }
        }
        return null;
    }
}
