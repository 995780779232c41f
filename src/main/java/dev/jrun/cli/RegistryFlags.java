package dev.jrun.cli;

import dev.jrun.registry.RegistryOptions;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The registry options pull, push and login share (a picocli mixin). */
final class RegistryFlags {
    @Option(names = "--tls-verify", arity = "0..1", fallbackValue = "true", paramLabel = "BOOL",
            description = "Verify the registry's TLS certificate (default true; http for localhost).")
    Boolean tlsVerify;

    @Option(names = "--authfile", paramLabel = "FILE", description = "Credentials file (default: docker's config.json).")
    Path authfile;

    RegistryOptions options() {
        return RegistryOptions.fromFlags(tlsVerify, authfile);
    }
}
