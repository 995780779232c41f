package dev.jrun.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrun.image.ImageReference;
import dev.jrun.store.ImageStore;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A registry with a self-signed certificate: refused by default, accepted with --tls-verify=false. */
class TlsTest {
    @TempDir
    Path dir;

    SSLContext selfSigned() throws Exception {
        Path ks = dir.resolve("ks.p12");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-keyalg", "EC", "-alias", "r", "-keystore", ks.toString(), "-storetype", "PKCS12",
                "-storepass", "changeit", "-dname", "CN=localhost", "-validity", "1", "-ext", "SAN=ip:127.0.0.1")
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, out);
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(ks)) {
            store.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(store, "changeit".toCharArray());
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), null, null);
        return ctx;
    }

    @Test
    void selfSignedRegistryNeedsTlsVerifyFalse() throws Exception {
        try (FakeRegistry reg = new FakeRegistry(selfSigned())) {
            TestImages.publish(reg, "app", "1", List.of(TestImages.APP));
            ImageStore store = ImageStore.open(dir.resolve("store"));
            ImageReference ref = ImageReference.parse(reg.host() + "/app:1");
            RegistryOptions verify = TestImages.options(dir.resolve("a.json")).withTlsVerify(true);
            RegistryException e = assertThrows(RegistryException.class,
                    () -> new Puller(store, verify).pull(ref, null, ProgressListener.NONE));
            assertTrue(e.getMessage().contains("TLS") && e.getMessage().contains("--tls-verify=false"), e.getMessage());
            RegistryOptions insecure = TestImages.options(dir.resolve("a.json")).withTlsVerify(false);
            assertEquals(1, new Puller(store, insecure).pull(ref, null, ProgressListener.NONE).manifest().layers().size());
        }
    }

    @Test
    void insecureFallsBackToPlainHttp() throws Exception {
        try (FakeRegistry reg = new FakeRegistry()) {
            TestImages.publish(reg, "app", "1", List.of(TestImages.APP));
            ImageStore store = ImageStore.open(dir.resolve("store"));
            RegistryOptions insecure = TestImages.options(dir.resolve("a.json")).withTlsVerify(false);
            new Puller(store, insecure).pull(ImageReference.parse(reg.host() + "/app:1"), null, ProgressListener.NONE);
            assertEquals(1, store.list().size());
        }
    }
}
