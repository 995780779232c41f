package dev.jrun.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrun.archive.TestArchives;
import dev.jrun.image.ImageReference;
import dev.jrun.store.Image;
import dev.jrun.store.ImageStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Basic auth against Debian's docker-registry with an htpasswd file, driven as a user would: jrun
 * processes whose DOCKER_CONFIG is a temp dir, so login writes there and push/pull read it.
 */
@Tag("root")
class RegistryAuthIntegrationTest {
    @TempDir
    Path dir;

    RegistryServer server;
    Path dockerConfig;
    Path root;

    @BeforeEach
    void start() throws Exception {
        server = RegistryServer.start(dir.resolve("registry"), Map.of("alice", "s3cret-pw"));
        dockerConfig = Files.createDirectories(dir.resolve("docker"));
        root = dir.resolve("store");
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    record Run(int rc, String out) {
    }

    Run jrun(String stdin, String... args) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(BigImage.jrunCommand(root, args)).redirectErrorStream(true);
        pb.environment().put("DOCKER_CONFIG", dockerConfig.toString());
        pb.environment().remove("REGISTRY_AUTH_FILE");
        Process p = pb.start();
        try (var in = p.getOutputStream()) {
            if (stdin != null) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), String.join(" ", args));
        return new Run(p.exitValue(), out);
    }

    @Test
    void loginPushPullWithHtpasswdAndWrongPasswordsFailClearly() throws Exception {
        String reg = server.host();
        String ref = reg + "/auth/img:1";
        ImageStore store = ImageStore.open(root);
        Image img = new dev.jrun.archive.ArchiveLoader(store).load(new java.io.ByteArrayInputStream(
                TestArchives.busyboxLike(ref)), "test").get(0);

        Run anonymous = jrun(null, "push", ref);
        assertEquals(125, anonymous.rc(), anonymous.out());
        assertTrue(anonymous.out().contains(reg) && anonymous.out().contains("jrun login"), anonymous.out());

        Run wrong = jrun("nope\n", "login", "-u", "alice", "--password-stdin", reg);
        assertEquals(1, wrong.rc(), wrong.out());
        assertTrue(wrong.out().contains("401") && wrong.out().contains(reg), wrong.out());
        assertFalse(Files.exists(dockerConfig.resolve("config.json")), "a failed login stores nothing");

        Run login = jrun("s3cret-pw\n", "login", "-u", "alice", "--password-stdin", reg);
        assertEquals(0, login.rc(), login.out());
        String config = Files.readString(dockerConfig.resolve("config.json"));
        String basic = Base64.getEncoder().encodeToString("alice:s3cret-pw".getBytes(StandardCharsets.UTF_8));
        assertTrue(config.contains(reg) && config.contains(basic), config);

        Run push = jrun(null, "push", ref);
        assertEquals(0, push.rc(), push.out());
        Run rmi = jrun(null, "rmi", ref);
        assertEquals(0, rmi.rc(), rmi.out());
        assertTrue(ImageStore.open(root).list().isEmpty());
        Run pull = jrun(null, "pull", ref);
        assertEquals(0, pull.rc(), pull.out());
        Image pulled = ImageStore.open(root).resolve(ref);
        assertEquals(img.id(), pulled.id());
        assertEquals(List.of(ImageReference.parse(reg + "/auth/img@" + img.manifestDigest())), pulled.repoDigests());

        Files.writeString(dockerConfig.resolve("config.json"), config.replace(basic,
                Base64.getEncoder().encodeToString("alice:stale".getBytes(StandardCharsets.UTF_8))));
        Run stale = jrun(null, "pull", ref);
        assertEquals(125, stale.rc(), stale.out());
        assertTrue(stale.out().contains("401") || stale.out().contains("unauthorized"), stale.out());
        assertTrue(stale.out().contains(reg), stale.out());
    }
}
