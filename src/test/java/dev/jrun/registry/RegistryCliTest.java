package dev.jrun.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrun.cli.CliRunner;
import dev.jrun.image.Digest;
import dev.jrun.store.ImageStore;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** jrun login/logout/push/pull as a user runs them: output like docker's, exit codes like docker's. */
class RegistryCliTest {
    @TempDir
    Path dir;

    FakeRegistry reg;
    CliRunner jrun;
    String auth;

    @BeforeEach
    void setUp() throws Exception {
        reg = new FakeRegistry();
        jrun = new CliRunner(dir.resolve("store"));
        auth = dir.resolve("auth.json").toString();
    }

    @AfterEach
    void tearDown() {
        reg.close();
    }

    @Test
    void loginChecksTheCredentialsAndStoresThem() throws Exception {
        reg.auth = FakeRegistry.Auth.TOKEN;
        reg.user = "alice";
        reg.password = "right";
        CliRunner.Result bad = jrun.run("login", "--authfile", auth, "-u", "alice", "-p", "wrong", reg.host());
        assertEquals(1, bad.exitCode(), bad.err());
        assertTrue(bad.err().contains("wrong username or password") && bad.err().contains(reg.host()), bad.err());
        assertFalse(Files.exists(Path.of(auth)), "nothing stored on failure");

        InputStream oldIn = System.in;
        CliRunner.Result ok;
        try {
            System.setIn(new ByteArrayInputStream("right\n".getBytes(StandardCharsets.UTF_8)));
            ok = jrun.run("login", "--authfile", auth, "-u", "alice", "--password-stdin", "http://" + reg.host());
        } finally {
            System.setIn(oldIn);
        }
        assertEquals(0, ok.exitCode(), ok.err());
        assertTrue(ok.out().contains("Login Succeeded"));
        assertTrue(Files.readString(Path.of(auth)).contains(FakeRegistry.basic("alice", "right")));

        CliRunner.Result out = jrun.run("logout", "--authfile", auth, reg.host());
        assertEquals(0, out.exitCode());
        assertTrue(out.out().contains("Removing login credentials for " + reg.host()), out.out());
        assertFalse(Files.readString(Path.of(auth)).contains(FakeRegistry.basic("alice", "right")));
    }

    @Test
    void loginToBasicRegistryWithWrongPasswordExitsOne() {
        reg.auth = FakeRegistry.Auth.BASIC;
        reg.user = "bob";
        reg.password = "pw";
        assertEquals(1, jrun.run("login", "--authfile", auth, "-u", "bob", "-p", "nope", reg.host()).exitCode());
        assertEquals(0, jrun.run("login", "--authfile", auth, "-u", "bob", "-p", "pw", reg.host()).exitCode());
    }

    @Test
    void pushAndPullPrintLikeDocker() throws Exception {
        ImageStore store = ImageStore.open(dir.resolve("store"));
        TestImages.load(store, reg.host() + "/base:1", List.of(TestImages.BASE));
        TestImages.load(store, reg.host() + "/app:1", List.of(TestImages.BASE, TestImages.APP));
        String base = Digest.sha256(TestImages.BASE).shortHex();
        String app = Digest.sha256(TestImages.APP).shortHex();

        CliRunner.Result p1 = jrun.run("push", reg.host() + "/base:1");
        assertEquals(0, p1.exitCode(), p1.err());
        assertTrue(p1.out().startsWith("The push refers to repository [" + reg.host() + "/base]"), p1.out());
        assertTrue(p1.out().contains(base + ": Pushed"), p1.out());
        assertTrue(p1.out().matches("(?s).*\n1: digest: sha256:[0-9a-f]{64} size: \\d+\n"), p1.out());

        CliRunner.Result p2 = jrun.run("push", reg.host() + "/app:1");
        assertTrue(p2.out().contains(base + ": Mounted from base"), p2.out());
        assertTrue(p2.out().contains(app + ": Pushed"), p2.out());
        CliRunner.Result p3 = jrun.run("push", reg.host() + "/app:1");
        assertTrue(p3.out().contains(app + ": Layer already exists"), p3.out());

        CliRunner fresh = new CliRunner(dir.resolve("fresh"));
        CliRunner.Result l1 = fresh.run("pull", reg.host() + "/base:1");
        assertEquals(0, l1.exitCode(), l1.err());
        assertTrue(l1.out().contains("1: Pulling from base"), l1.out());
        assertTrue(l1.out().contains(base + ": Pull complete"), l1.out());
        assertTrue(l1.out().contains("Status: Downloaded newer image for " + reg.host() + "/base:1"), l1.out());
        assertTrue(l1.out().endsWith(reg.host() + "/base:1\n"), l1.out());
        CliRunner.Result l2 = fresh.run("pull", reg.host() + "/app:1");
        assertTrue(l2.out().contains(base + ": Already exists"), l2.out());
        assertTrue(l2.out().contains(app + ": Pull complete"), l2.out());
        CliRunner.Result l3 = fresh.run("pull", reg.host() + "/app");
        assertTrue(l3.out().startsWith("Using default tag: latest"), l3.out());
        assertTrue(l3.err().contains("manifest for " + reg.host() + "/app:latest not found"), l3.err());
        assertEquals(125, l3.exitCode());
        CliRunner.Result l4 = fresh.run("pull", "-q", reg.host() + "/app:1");
        assertEquals(reg.host() + "/app:1\n", l4.out());
        CliRunner.Result l5 = fresh.run("pull", reg.host() + "/app:1");
        assertTrue(l5.out().contains("Status: Image is up to date for " + reg.host() + "/app:1"), l5.out());
        CliRunner.Result images = fresh.run("images");
        assertTrue(images.out().contains(reg.host() + "/app"), images.out());
    }

    @Test
    void repeatedPushHasItsHeadSentBeforeTheCommandLineIsParsed() throws Exception {
        ImageStore store = ImageStore.open(dir.resolve("store"));
        TestImages.load(store, reg.host() + "/app:1", List.of(TestImages.BASE));
        assertEquals(0, jrun.run("push", "-q", reg.host() + "/app:1").exitCode());
        reg.log.clear();
        SocketHttp http = SocketHttp.shared(HttpClients.Kind.LOOPBACK);
        int before = http.answeredAhead();
        CliRunner.Result again = jrun.run("push", "-q", reg.host() + "/app:1");
        assertEquals(0, again.exitCode(), again.err());
        assertEquals(List.of("HEAD /v2/app/manifests/1"), reg.log, "one HEAD: the one sent ahead");
        assertEquals(before + 1, http.answeredAhead(), "its answer was read");
        // a command line the scan leaves to the parser: the command prewarms as before, the same one request
        reg.log.clear();
        CliRunner.Result parsed = jrun.run("push", "--quiet=true", reg.host() + "/app:1");
        assertEquals(0, parsed.exitCode(), parsed.err());
        assertEquals(List.of("HEAD /v2/app/manifests/1"), reg.log);
        assertEquals(before + 2, http.answeredAhead());
    }

    @Test
    void pushOfAMissingImageSaysSo() {
        CliRunner.Result r = jrun.run("push", reg.host() + "/nothing:1");
        assertEquals(125, r.exitCode());
        assertTrue(r.err().contains("An image does not exist locally with the tag: " + reg.host() + "/nothing"),
                r.err());
    }
}
