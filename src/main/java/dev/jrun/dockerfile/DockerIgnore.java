package dev.jrun.dockerfile;

import dev.jrun.JrunException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The build context filter from {@code .dockerignore}, with docker's rules (moby
 * {@code ignorefile} + {@code patternmatcher}, as buildkit's context walker uses them):
 * <ul>
 * <li>lines starting with {@code #} are comments; blank lines are skipped; each pattern is
 * trimmed and cleaned ({@code ./a//b/} is {@code a/b}); a leading {@code /} is dropped;
 * <li>{@code *}, {@code ?}, {@code [...]}, {@code \} escapes, and {@code **} for any number of
 * directories;
 * <li>a pattern that matches a directory excludes everything under it;
 * <li>the last matching pattern wins; {@code !pattern} re-includes.
 * </ul>
 * Paths are relative to the context root, with {@code /} separators.
 */
public final class DockerIgnore {
    /** Nothing excluded. */
    public static final DockerIgnore NONE = new DockerIgnore(List.of());

    private final List<IgnorePattern> patterns;
    private final boolean onlyPrefixExceptions;
    private final boolean hasExceptions;

    private DockerIgnore(List<IgnorePattern> patterns) {
        this.patterns = List.copyOf(patterns);
        boolean prefixOnly = true;
        boolean exceptions = false;
        for (IgnorePattern p : patterns) {
            if (p.exclusion()) {
                exceptions = true;
                if (p.withoutTrailingGlob().chars().anyMatch(c -> "*[]?^\\".indexOf(c) >= 0)) {
                    prefixOnly = false;
                }
            }
        }
        this.onlyPrefixExceptions = prefixOnly;
        this.hasExceptions = exceptions;
    }

    /**
     * Parses the text of a {@code .dockerignore} file.
     *
     * @throws JrunException for a malformed pattern or a lone {@code !}, naming the line
     */
    public static DockerIgnore parse(String content) {
        List<IgnorePattern> out = new ArrayList<>();
        String[] lines = content.split("\n", -1);
        for (int n = 0; n < lines.length; n++) {
            String line = lines[n];
            if (line.endsWith("\r")) {
                line = line.substring(0, line.length() - 1);
            }
            if (n == 0 && line.startsWith("\uFEFF")) {
                line = line.substring(1);
            }
            if (line.startsWith("#")) {
                continue;
            }
            String pattern = GoText.trimSpace(line);
            if (pattern.isEmpty()) {
                continue;
            }
            boolean invert = pattern.charAt(0) == '!';
            if (invert) {
                pattern = GoText.trimSpace(pattern.substring(1));
            }
            if (!pattern.isEmpty()) {
                pattern = GoText.cleanPath(pattern);
                if (pattern.length() > 1 && pattern.charAt(0) == '/') {
                    pattern = pattern.substring(1);
                }
            }
            try {
                out.add(compile((invert ? "!" : "") + pattern));
            } catch (IllegalArgumentException e) {
                throw new JrunException(".dockerignore line " + (n + 1) + ": " + e.getMessage());
            }
        }
        return new DockerIgnore(out);
    }

    /** Patterns as given to docker's {@code --exclude}-style APIs (no comment handling). */
    public static DockerIgnore of(List<String> patterns) {
        List<IgnorePattern> out = new ArrayList<>();
        for (String p : patterns) {
            String t = GoText.trimSpace(p);
            if (!t.isEmpty()) {
                try {
                    out.add(compile(t));
                } catch (IllegalArgumentException e) {
                    throw new JrunException("exclude pattern " + GoText.quote(p) + ": " + e.getMessage());
                }
            }
        }
        return new DockerIgnore(out);
    }

    /**
     * The ignore file for a build: {@code <dockerfile>.dockerignore} next to the Dockerfile if it
     * exists (buildkit's per-Dockerfile ignore file), else {@code <context>/.dockerignore}, else
     * {@link #NONE}.
     */
    public static DockerIgnore forBuild(Path contextDir, Path dockerfile) throws IOException {
        Path specific = dockerfile == null ? null
                : dockerfile.resolveSibling(dockerfile.getFileName() + ".dockerignore");
        Path file = specific != null && Files.isRegularFile(specific) ? specific : contextDir.resolve(".dockerignore");
        return Files.isRegularFile(file) ? parse(Files.readString(file, StandardCharsets.UTF_8)) : NONE;
    }

    /** patternmatcher.New: clean again, split off {@code !}, check the syntax. */
    private static IgnorePattern compile(String raw) {
        String p = GoText.cleanPath(GoText.trimSpace(raw));
        boolean exclusion = p.charAt(0) == '!';
        if (exclusion) {
            if (p.length() == 1) {
                throw new IllegalArgumentException("illegal exclusion pattern: \"!\"");
            }
            p = p.substring(1);
        }
        return IgnorePattern.compile(p, exclusion);
    }

    /** The cleaned patterns in order, exceptions with their {@code !}. */
    public List<String> patterns() {
        return patterns.stream().map(p -> (p.exclusion() ? "!" : "") + p.text()).toList();
    }

    /**
     * True if {@code relPath} (a file or directory, relative to the context) is left out of the
     * context: the last pattern that matches it or one of its parent directories decides.
     */
    public boolean excluded(String relPath) {
        String file = GoText.cleanPath(relPath);
        while (file.startsWith("/")) {
            file = file.substring(1);
        }
        if (file.isEmpty() || file.equals(".")) {
            return false; // the context root itself is never excluded
        }
        int slash = file.lastIndexOf('/');
        String[] parents = slash < 0 ? new String[0] : file.substring(0, slash).split("/");
        boolean matched = false;
        for (IgnorePattern pattern : patterns) {
            if (pattern.exclusion() != matched) {
                continue;
            }
            boolean match = pattern.matches(file);
            StringBuilder parent = new StringBuilder();
            for (int i = 0; !match && i < parents.length; i++) {
                parent.append(i == 0 ? "" : "/").append(parents[i]);
                match = pattern.matches(parent.toString());
            }
            if (match) {
                matched = !pattern.exclusion();
            }
        }
        return matched;
    }

    /**
     * True if an exception ({@code !pattern}) might re-include something below directory
     * {@code dirRelPath}, so a walker must descend into it even though it is excluded.
     */
    public boolean mayReincludeUnder(String dirRelPath) {
        if (!hasExceptions) {
            return false;
        }
        if (!onlyPrefixExceptions) {
            return true; // a wildcard exception could match anywhere
        }
        String dirSlash = GoText.cleanPath(dirRelPath) + "/";
        for (IgnorePattern p : patterns) {
            if (p.exclusion() && (p.withoutTrailingGlob() + "/").startsWith(dirSlash)) {
                return true;
            }
        }
        return false;
    }

    /** True if a walker may skip directory {@code dirRelPath} and everything in it. */
    public boolean canSkipDirectory(String dirRelPath) {
        return excluded(dirRelPath) && !mayReincludeUnder(dirRelPath);
    }
}
