package dev.jrun.build;

import dev.jrun.JrunException;
import dev.jrun.image.Digest;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * What ADD adds to COPY: http(s) URLs (downloaded, mode 0600, mtime from Last-Modified, not
 * extracted, {@code --checksum} verified) and local tar archives (plain, gzip, bzip2, xz when the
 * library is present), extracted into the destination directory.
 */
final class AddSources {
    private AddSources() {
    }

    static boolean isUrl(String s) {
        return s.startsWith("http://") || s.startsWith("https://");
    }

    /** Downloads an ADD URL; the file gets Last-Modified as its mtime, else {@code undated}. */
    static ContextFiles.Match download(BuildSession b, String url, String checksum, long undated)
            throws ContextFiles.SourceException {
        Path file = b.newScratchDir("url").resolve("download");
        HttpResponse<Path> resp;
        try {
            HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL)
                    .connectTimeout(Duration.ofSeconds(15)).build();
            resp = client.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofMinutes(5)).GET().build(),
                    HttpResponse.BodyHandlers.ofFile(file));
        } catch (IOException e) {
            throw new ContextFiles.SourceException("download " + url + ": " + e + " (is the host reachable?)");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ContextFiles.SourceException("download " + url + ": interrupted");
        } catch (IllegalArgumentException e) {
            throw new ContextFiles.SourceException("bad URL " + url + ": " + e.getMessage());
        }
        if (resp.statusCode() / 100 != 2) {
            throw new ContextFiles.SourceException("download " + url + ": HTTP status " + resp.statusCode());
        }
        if (checksum != null) {
            Digest want = Digest.parse(checksum);
            Digest got = CopyStep.sha(file);
            if (!want.equals(got)) {
                throw new ContextFiles.SourceException("checksum of " + url + " is " + got + ", want " + want);
            }
        }
        long mtime = resp.headers().firstValue("Last-Modified").map(AddSources::httpDate).orElse(undated);
        String path = URI.create(url).getPath();
        String name = path == null || path.endsWith("/") || path.isEmpty() ? "__unnamed__" : FsEntry.nameOf(path);
        long size;
        try {
            size = Files.size(file);
        } catch (IOException e) {
            throw new ContextFiles.SourceException("stat download of " + url + ": " + e.getMessage());
        }
        return new ContextFiles.Match(name, new FsEntry("", FsEntry.Kind.FILE, 0600, 0, 0, size, null, file, mtime),
                List.of());
    }

    private static long httpDate(String v) {
        try {
            return ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toEpochSecond();
        } catch (RuntimeException e) {
            return 0;
        }
    }

    /** The entries of a local archive, or null when the file is not a tar archive (then it is copied). */
    static List<FsEntry> extract(BuildSession b, Path archive) {
        if (!isTar(archive)) {
            return null;
        }
        FsTree t = new FsTree(b.newScratchDir("archive"), false);
        try (InputStream in = StageState.uncompressed(Files.newInputStream(archive))) {
            t.apply(in, archive.getFileName().toString());
        } catch (IOException e) {
            throw new JrunException("extract " + archive + ": " + e.getMessage(), e);
        }
        List<FsEntry> out = new ArrayList<>();
        for (FsEntry e : t.entries().values()) {
            out.add(e.kind() == FsEntry.Kind.HARDLINK ? hardlinkAsFile(t, e) : e);
        }
        return out;
    }

    private static FsEntry hardlinkAsFile(FsTree t, FsEntry e) {
        Path c = t.content(e);
        try {
            return new FsEntry(e.path(), FsEntry.Kind.FILE, e.mode(), e.uid(), e.gid(), c == null ? 0 : Files.size(c),
                    null, c, e.mtime());
        } catch (IOException ex) {
            throw new JrunException("stat " + c + ": " + ex.getMessage(), ex);
        }
    }

    /** True if the file (after decompression) starts with a valid tar header. */
    static boolean isTar(Path f) {
        try (InputStream in = StageState.uncompressed(Files.newInputStream(f));
             TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
            return tar.getNextEntry() != null;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }
}
