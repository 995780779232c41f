package dev.jrun.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.jrun.cli.CliRunner;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** COPY and ADD: selection, destinations, ownership, modes, .dockerignore, archives, URLs, heredocs. */
class CopyAddTest {
    @TempDir
    Path tmp;

    private Map<String, BuildFixture.Entry> lastLayer(BuildFixture f, String dockerfile, String... args)
            throws Exception {
        f.dockerfile(dockerfile);
        String[] all = new String[args.length + 2];
        all[0] = "-t";
        all[1] = "x";
        System.arraycopy(args, 0, all, 2, args.length);
        CliRunner.Result r = f.build(all);
        assertEquals(0, r.exitCode(), r.err() + r.out());
        return f.layer(f.image("x"), -1);
    }

    @Test
    void directoryCopiesItsContentsWithDockerignoreAndExceptions() throws Exception {
        BuildFixture f = new BuildFixture(tmp);
        f.write("src/a.txt", "a");
        f.write("src/b.log", "b");
        f.write("src/keep.log", "k");
        f.write("src/sub/c.txt", "c");
        f.write("secret/key", "s");
        f.write(".dockerignore", "**/*.log\n!src/keep.log\nsecret\n");
        Map<String, BuildFixture.Entry> l = lastLayer(f, "FROM base\nCOPY src /app\n");
        assertEquals("a", l.get("app/a.txt").content());
        assertEquals("c", l.get("app/sub/c.txt").content());
        assertEquals("k", l.get("app/keep.log").content());
        assertFalse(l.containsKey("app/b.log"));
        assertFalse(l.containsKey("app/src"), "contents, not the directory itself");
        assertEquals(0, l.get("app/a.txt").uid());
        Map<String, BuildFixture.Entry> all = lastLayer(f, "FROM base\nCOPY . /ctx/\n");
        assertFalse(all.keySet().stream().anyMatch(k -> k.startsWith("ctx/secret")), all.keySet().toString());
        assertTrue(all.containsKey("ctx/Dockerfile"));
    }

    @Test
    void globsTrailingSlashWorkdirAndExistingDirectory() throws Exception {
        BuildFixture f = new BuildFixture(tmp);
        f.write("one.txt", "1");
        f.write("two.txt", "2");
        f.write("three.md", "3");
        Map<String, BuildFixture.Entry> l = lastLayer(f, "FROM base\nWORKDIR /w\nCOPY *.txt out/\n");
        assertEquals("1", l.get("w/out/one.txt").content());
        assertEquals("2", l.get("w/out/two.txt").content());
        assertFalse(l.containsKey("w/out/three.md"));
        assertTrue(l.get("w").dir(), "parents are in the layer");
        Map<String, BuildFixture.Entry> renamed = lastLayer(f, "FROM base\nCOPY one.txt /etc/renamed\n");
        assertEquals("1", renamed.get("etc/renamed").content());
        Map<String, BuildFixture.Entry> intoDir = lastLayer(f, "FROM base\nCOPY one.txt /tmp\n");
        assertEquals("1", intoDir.get("tmp/one.txt").content(), "an existing directory receives the file");
        assertEquals(01777, intoDir.get("tmp").mode(), "existing parent keeps its mode");
        Map<String, BuildFixture.Entry> viaLink = lastLayer(f, "FROM base\nCOPY one.txt /lib/\n");
        assertEquals("1", viaLink.get("usr/lib/one.txt").content(), "symlinked destination followed");
    }

    @Test
    void chownByNameAndNumberAndChmod() throws Exception {
        BuildFixture f = new BuildFixture(tmp);
        f.write("f", "x");
        Map<String, BuildFixture.Entry> l = lastLayer(f, "FROM base\nCOPY --chown=app:staff --chmod=0640 f /d/f\n");
        assertEquals(1000, l.get("d/f").uid());
        assertEquals(50, l.get("d/f").gid());
        assertEquals(0640, l.get("d/f").mode());
        Map<String, BuildFixture.Entry> user = lastLayer(f, "FROM base\nCOPY --chown=app f /f\n");
        assertEquals(1001, user.get("f").gid(), "primary group from /etc/passwd");
        Map<String, BuildFixture.Entry> num = lastLayer(f, "FROM base\nARG U=7\nCOPY --chown=$U:8 f /f\n");
        assertEquals(7, num.get("f").uid());
        assertEquals(8, num.get("f").gid());
    }

    @Test
    void heredocCopyWritesTheContentExpanded() throws Exception {
        BuildFixture f = new BuildFixture(tmp);
        Map<String, BuildFixture.Entry> l = lastLayer(f, "FROM base\nENV WHO=world\nCOPY <<EOF /hello.txt\nhello $WHO\nEOF\n");
        assertEquals("hello world\n", l.get("hello.txt").content());
        assertEquals(0644, l.get("hello.txt").mode());
    }

    @Test
    void addExtractsLocalTarArchivesButCopyDoesNot() throws Exception {
        BuildFixture f = new BuildFixture(tmp);
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GZIPOutputStream(bos))) {
            byte[] d = "inside".getBytes(StandardCharsets.UTF_8);
            TarArchiveEntry e = new TarArchiveEntry("pkg/file.txt");
            e.setSize(d.length);
            e.setMode(0100600);
            e.setIds(5, 6);
            tar.putArchiveEntry(e);
            tar.write(d);
            tar.closeArchiveEntry();
        }
        Files.write(f.context.resolve("pkg.tar.gz"), bos.toByteArray());
        Map<String, BuildFixture.Entry> l = lastLayer(f, "FROM base\nADD pkg.tar.gz /opt/\n");
        assertEquals("inside", l.get("opt/pkg/file.txt").content());
        assertEquals(5, l.get("opt/pkg/file.txt").uid(), "archive owners kept");
        Map<String, BuildFixture.Entry> c = lastLayer(f, "FROM base\nCOPY pkg.tar.gz /opt/\n");
        assertTrue(c.containsKey("opt/pkg.tar.gz"));
    }

    @Test
    void addUrlDownloadsFromAnHttpServer() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/files/tool.sh", ex -> {
            byte[] body = "#!/bin/sh\necho tool\n".getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, body.length);
            try (OutputStream o = ex.getResponseBody()) {
                o.write(body);
            }
        });
        server.start();
        try {
            BuildFixture f = new BuildFixture(tmp);
            String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/files/tool.sh";
            Map<String, BuildFixture.Entry> l = lastLayer(f, "FROM base\nADD " + url + " /usr/bin/\n");
            assertEquals("#!/bin/sh\necho tool\n", l.get("usr/bin/tool.sh").content());
            assertEquals(0600, l.get("usr/bin/tool.sh").mode());
            f.dockerfile("FROM base\nADD http://127.0.0.1:" + server.getAddress().getPort() + "/missing /x\n");
            CliRunner.Result r = f.build("-t", "nope");
            assertEquals(1, r.exitCode());
            assertTrue(r.err().contains("HTTP status 404"), r.err());
        } finally {
            server.stop(0);
        }
    }

    @Test
    void multiStageCopyFromKeepsOwnersAndSkipsUnusedStages() throws Exception {
        BuildFixture f = new BuildFixture(tmp);
        f.write("f.txt", "built");
        f.dockerfile("""
                FROM base AS unused
                COPY does-not-exist /x
                FROM base AS builder
                COPY --chown=1000:1000 f.txt /out/result
                FROM scratch
                COPY --from=builder /out/result /result
                COPY --from=base:latest /etc/passwd /passwd
                """);
        CliRunner.Result r = f.build("-t", "multi");
        assertEquals(0, r.exitCode(), r.err() + r.out());
        var img = f.image("multi");
        assertEquals(2, img.manifest().layers().size());
        assertEquals("built", f.layer(img, 0).get("result").content());
        assertEquals(1000, f.layer(img, 0).get("result").uid());
        assertTrue(f.layer(img, 1).get("passwd").content().startsWith("root:"));
        CliRunner.Result t = f.build("--target", "builder", "-t", "stage1");
        assertEquals(0, t.exitCode(), t.err());
        assertEquals(2, f.image("stage1").manifest().layers().size());
        assertNull(f.layer(f.image("stage1"), -1).get("result"));
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"xz", "bzip2", "tar"})
    void addExtractsXzBzip2AndPlainTars(String format) throws Exception {
        BuildFixture f = new BuildFixture(tmp);
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        OutputStream compressed = switch (format) {
            case "xz" -> new org.apache.commons.compress.compressors.xz.XZCompressorOutputStream(bos);
            case "bzip2" -> new org.apache.commons.compress.compressors.bzip2.BZip2CompressorOutputStream(bos);
            default -> bos;
        };
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(compressed)) {
            byte[] d = format.getBytes(StandardCharsets.UTF_8);
            TarArchiveEntry e = new TarArchiveEntry("f.txt");
            e.setSize(d.length);
            tar.putArchiveEntry(e);
            tar.write(d);
            tar.closeArchiveEntry();
        }
        Files.write(f.context.resolve("a.archive"), bos.toByteArray());
        Map<String, BuildFixture.Entry> l = lastLayer(f, "FROM base\nADD a.archive /x/\n");
        assertEquals(format, l.get("x/f.txt").content());
    }

    @Test
    void excludeFlagLeavesMatchingFilesOut() throws Exception {
        BuildFixture f = new BuildFixture(tmp);
        f.write("src/a.txt", "a");
        f.write("src/debug.log", "d");
        f.write("src/sub/x.log", "x");
        Map<String, BuildFixture.Entry> l = lastLayer(f, "FROM base\nCOPY --exclude=**/*.log src /app/\n");
        assertTrue(l.containsKey("app/a.txt"), l.keySet().toString());
        assertFalse(l.containsKey("app/debug.log"), l.keySet().toString());
        assertFalse(l.containsKey("app/sub/x.log"), l.keySet().toString());
        assertEquals("COPY --exclude=**/*.log src /app/",
                f.image("x").config().history().get(1).createdBy());
    }

    @Test
    void parentsKeepsTheSourcePathsAndAPivotCutsThem() throws Exception {
        BuildFixture f = new BuildFixture(tmp);
        f.write("x/a.txt", "a");
        f.write("y/b.txt", "b");
        f.write("y/c.log", "c");
        f.write("src/pkg/mod/m.go", "m");
        Map<String, BuildFixture.Entry> l = lastLayer(f,
                "FROM base\nCOPY --parents x/a.txt y/*.txt src/./pkg/mod /dst/\n");
        assertEquals("a", l.get("dst/x/a.txt").content());
        assertEquals("b", l.get("dst/y/b.txt").content());
        assertFalse(l.containsKey("dst/y/c.log") || l.containsKey("dst/b.txt"), l.keySet().toString());
        assertEquals("m", l.get("dst/pkg/mod/m.go").content(), l.keySet().toString());
        assertFalse(l.containsKey("dst/src"), l.keySet().toString());
        assertEquals("COPY --parents x/a.txt y/*.txt src/./pkg/mod /dst/",
                f.image("x").config().history().get(1).createdBy());
    }
}
