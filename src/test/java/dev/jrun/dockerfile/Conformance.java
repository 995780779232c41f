package dev.jrun.dockerfile;

import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Access to the buildkit conformance data under {@code /conformance/dockerfile-parser/} on the classpath. */
final class Conformance {
    static final String ROOT = "/conformance/dockerfile-parser/";

    private Conformance() {
    }

    static Path path(String relative) {
        URL url = Conformance.class.getResource(ROOT + relative);
        if (url == null) {
            throw new IllegalStateException("missing test resource " + ROOT + relative);
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static String read(String relative) throws IOException {
        return Files.readString(path(relative), StandardCharsets.UTF_8);
    }

    /** The case directories under {@code relative}, sorted by name. */
    static List<String> dirs(String relative) throws IOException {
        try (Stream<Path> s = Files.list(path(relative))) {
            return s.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
