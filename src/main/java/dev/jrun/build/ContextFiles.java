package dev.jrun.build;

import dev.jrun.JrunException;
import dev.jrun.dockerfile.DockerIgnore;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The build context as COPY and ADD see it: files under the context directory minus what
 * {@code .dockerignore} excludes. Sources are cleaned paths relative to the context, with
 * {@code * ? [..]} globs per path component (Go's {@code filepath.Match}); nothing outside the
 * context can be named. Files are owned by 0:0 (COPY's default); modes and mtimes are kept.
 */
public final class ContextFiles {
    private final Path root;
    private final DockerIgnore ignore;

    public ContextFiles(Path root, DockerIgnore ignore) {
        this.root = root.toAbsolutePath().normalize();
        this.ignore = ignore;
    }

    /** One source after glob expansion: its context path and its entries, the source itself named "". */
    public record Match(String path, FsEntry self, List<FsEntry> children) {
    }

    /** Thrown for a source that escapes the context or matches nothing; the caller adds the line. */
    public static final class SourceException extends Exception {
        private static final long serialVersionUID = 1L;

        SourceException(String message) {
            super(message);
        }
    }

    /** Expands one source (glob or path) to its matches, sorted by path. */
    public List<Match> select(String source) throws SourceException {
        String raw = source.replace('\\', '/');
        String cleaned = FsEntry.clean(raw);
        if (escapes(raw)) {
            throw new SourceException("forbidden path outside the build context: " + source);
        }
        List<String> paths = new ArrayList<>();
        glob("", cleaned.isEmpty() ? new String[0] : cleaned.split("/"), 0, paths);
        List<Match> out = new ArrayList<>();
        for (String p : paths) {
            out.add(load(p));
        }
        if (out.isEmpty()) {
            throw new SourceException("file not found in build context or excluded by .dockerignore: stat "
                    + source + ": file does not exist");
        }
        return out;
    }

    private static boolean escapes(String raw) {
        int depth = 0;
        for (String p : raw.split("/")) {
            if (p.equals("..")) {
                if (--depth < 0) {
                    return true;
                }
            } else if (!p.isEmpty() && !p.equals(".")) {
                depth++;
            }
        }
        return false;
    }

    private void glob(String dir, String[] parts, int i, List<String> out) throws SourceException {
        if (i == parts.length) {
            Path f = file(dir);
            boolean isDir = Files.isDirectory(f, LinkOption.NOFOLLOW_LINKS);
            if (Files.exists(f, LinkOption.NOFOLLOW_LINKS)
                    && (dir.isEmpty() || !ignore.excluded(dir) || isDir && ignore.mayReincludeUnder(dir))) {
                out.add(dir);
            }
            return;
        }
        String part = parts[i];
        if (!hasMeta(part)) {
            glob(dir.isEmpty() ? part : dir + "/" + part, parts, i + 1, out);
            return;
        }
        Pattern p = globRegex(part);
        Path d = file(dir);
        if (!Files.isDirectory(d)) {
            return;
        }
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(d)) {
            s.forEach(c -> names.add(c.getFileName().toString()));
        } catch (IOException e) {
            throw new SourceException("read " + d + ": " + e.getMessage());
        }
        names.sort(null);
        for (String n : names) {
            if (p.matcher(n).matches()) {
                glob(dir.isEmpty() ? n : dir + "/" + n, parts, i + 1, out);
            }
        }
    }

    static boolean hasMeta(String s) {
        return s.indexOf('*') >= 0 || s.indexOf('?') >= 0 || s.indexOf('[') >= 0;
    }

    /** Go's filepath.Match for one component, as a regex. */
    static Pattern globRegex(String glob) {
        StringBuilder r = new StringBuilder();
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            switch (c) {
                case '*' -> r.append("[^/]*");
                case '?' -> r.append("[^/]");
                case '[' -> {
                    int end = glob.indexOf(']', i + 2);
                    if (end < 0) {
                        r.append("\\[");
                    } else {
                        String cls = glob.substring(i + 1, end);
                        if (cls.startsWith("^")) {
                            cls = "!" + cls.substring(1);
                        }
                        r.append('[').append(cls.startsWith("!") ? "^" + cls.substring(1) : cls).append(']');
                        i = end;
                    }
                }
                case '\\' -> {
                    if (i + 1 < glob.length()) {
                        r.append(Pattern.quote(String.valueOf(glob.charAt(++i))));
                    }
                }
                default -> r.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(r.toString());
    }

    private Path file(String rel) {
        return rel.isEmpty() ? root : root.resolve(rel);
    }

    private Match load(String path) throws SourceException {
        Path start = file(path);
        List<FsEntry> children = new ArrayList<>();
        FsEntry[] self = new FsEntry[1];
        try {
            Files.walkFileTree(start, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                    String ctx = rel(dir);
                    String within = within(dir);
                    if (!within.isEmpty() && ignore.canSkipDirectory(ctx)) {
                        return FileVisitResult.SKIP_SUBTREE;
                    }
                    if (within.isEmpty() || !ignore.excluded(ctx)) {
                        add(entry(dir, within));
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) throws IOException {
                    String within = within(f);
                    if (within.isEmpty() || !ignore.excluded(rel(f))) {
                        add(entry(f, within));
                    }
                    return FileVisitResult.CONTINUE;
                }

                private void add(FsEntry e) {
                    if (e.path().isEmpty()) {
                        self[0] = e;
                    } else {
                        children.add(e);
                    }
                }

                private String within(Path p) {
                    return start.relativize(p).toString().replace('\\', '/');
                }
            });
        } catch (IOException e) {
            throw new SourceException("read " + path + " in the build context: " + e.getMessage());
        }
        children.sort(java.util.Comparator.comparing(FsEntry::path));
        return new Match(path, self[0], children);
    }

    private String rel(Path p) {
        return root.relativize(p).toString().replace('\\', '/');
    }

    /** An entry for a context file (uid/gid 0), path given relative to the copied source. */
    static FsEntry entry(Path f, String path) throws IOException {
        Map<String, Object> a = Files.readAttributes(f, "unix:mode,size,lastModifiedTime", LinkOption.NOFOLLOW_LINKS);
        int mode = (Integer) a.get("mode");
        long mtime = ((FileTime) a.get("lastModifiedTime")).toMillis() / 1000;
        int type = mode & 0170000;
        int perm = mode & 07777;
        if (type == 0040000) {
            return new FsEntry(path, FsEntry.Kind.DIR, perm, 0, 0, 0, null, null, mtime);
        }
        if (type == 0120000) {
            return new FsEntry(path, FsEntry.Kind.SYMLINK, perm, 0, 0, 0, Files.readSymbolicLink(f).toString(), null,
                    mtime);
        }
        if (type != 0100000) {
            throw new IOException("unsupported file type in the build context: " + f);
        }
        return new FsEntry(path, FsEntry.Kind.FILE, perm, 0, 0, (Long) a.get("size"), null, f, mtime);
    }

    /** The cache key inputs of matches: {@code file:<context path>} → mode, owner, size, content digest. */
    static Map<String, String> inputs(List<Match> matches) throws IOException {
        Map<String, String> out = new TreeMap<>();
        for (Match m : matches) {
            put(out, m.path(), m.self());
            for (FsEntry e : m.children()) {
                put(out, m.path().isEmpty() ? e.path() : m.path() + "/" + e.path(), e);
            }
        }
        return out;
    }

    private static void put(Map<String, String> out, String path, FsEntry e) throws IOException {
        if (e == null) {
            return;
        }
        dev.jrun.image.Digest d = null;
        if (e.kind() == FsEntry.Kind.FILE) {
            try (var in = Files.newInputStream(e.content())) {
                d = dev.jrun.image.Digest.sha256(in);
            }
        }
        out.put("file:" + (path.isEmpty() ? "." : path), CacheKey.fileInput(e, d));
    }
}
