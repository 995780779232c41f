package dev.jrun.cli;

import dev.jrun.JrunException;
import dev.jrun.archive.TarballImporter;
import dev.jrun.image.ConfigChanges;
import dev.jrun.image.ImageConfig;
import dev.jrun.image.ImageReference;
import dev.jrun.store.Image;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "import", description = "Import a rootfs tarball (plain or gzip; '-' for stdin) as a one-layer image.")
final class ImportCommand extends StoreCommand {
    @Option(names = {"-c", "--change"}, paramLabel = "INSTRUCTION",
            description = "Apply a Dockerfile instruction to the image config: CMD, ENTRYPOINT, ENV, WORKDIR, USER, EXPOSE, LABEL.")
    List<String> changes = List.of();

    @Option(names = {"-m", "--message"}, description = "Commit message for the imported image.")
    String message;

    @Parameters(index = "0", paramLabel = "FILE|-")
    String file;

    @Parameters(index = "1", arity = "0..1", paramLabel = "REPOSITORY[:TAG]")
    String name;

    @Override
    int execute() throws Exception {
        ImageReference ref = name == null ? null : ImageReference.parse(name);
        ImageConfig.ContainerConfig cfg = ConfigChanges.apply(ImageConfig.ContainerConfig.empty(), changes);
        TarballImporter importer = new TarballImporter(store());
        Image img;
        if (file.equals("-")) {
            img = importer.importTarball(System.in, "-", ref, cfg, message);
        } else {
            Path p = Path.of(file);
            if (!Files.isRegularFile(p)) {
                throw new JrunException("import " + file + ": no such file");
            }
            try (InputStream in = Files.newInputStream(p)) {
                img = importer.importTarball(in, file, ref, cfg, message);
            }
        }
        out().println(img.id());
        return 0;
    }
}
