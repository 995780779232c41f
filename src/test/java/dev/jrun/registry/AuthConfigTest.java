package dev.jrun.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrun.image.Json;
import java.net.Proxy;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** WWW-Authenticate parsing, docker's config.json (read, write, DOCKER_CONFIG), proxies from the environment. */
class AuthConfigTest {
    @TempDir
    Path dir;

    @Test
    void parsesDockerHubStyleBearerChallenge() {
        AuthChallenge c = AuthChallenge.parse("Bearer realm=\"https://auth.docker.io/token\","
                + "service=\"registry.docker.io\",scope=\"repository:library/busybox:pull\"");
        assertTrue(c.isBearer());
        assertEquals("https://auth.docker.io/token", c.realm());
        assertEquals("registry.docker.io", c.service());
        assertEquals("repository:library/busybox:pull", c.scope());
        AuthChallenge b = AuthChallenge.parse("Basic realm=\"Registry Realm\"");
        assertTrue(b.isBasic());
        assertEquals("Registry Realm", b.realm());
        assertNull(AuthChallenge.parse(null));
        assertEquals("a,b", AuthChallenge.parse("Bearer realm=\"a,b\", service=x").realm());
    }

    @Test
    void readsExistingDockerLoginsWithAnyKeyForm() throws Exception {
        Path file = dir.resolve("config.json");
        Files.writeString(file, "{\"auths\":{\"https://index.docker.io/v1/\":{\"auth\":\""
                + FakeRegistry.basic("hub", "pw1") + "\"},\"http://myreg:5000/v2/\":{\"auth\":\""
                + FakeRegistry.basic("me", "p:w") + "\"}},\"HttpHeaders\":{\"X-Keep\":\"1\"}}");
        DockerConfig cfg = new DockerConfig(file);
        assertEquals(Optional.of(new Credentials("hub", "pw1")), cfg.get("docker.io"));
        assertEquals(Optional.of(new Credentials("me", "p:w")), cfg.get("myreg:5000"));
        assertEquals(Optional.empty(), cfg.get("other:5000"));
        cfg.put("myreg:5000", new Credentials("new", "secret"));
        String text = Files.readString(file);
        assertTrue(text.contains("X-Keep"), "unknown fields kept: " + text);
        assertFalse(text.contains("http://myreg:5000/v2/"), "old key form replaced: " + text);
        assertEquals("new:secret", new String(java.util.Base64.getDecoder().decode(
                Json.tree(Files.readAllBytes(file), "t").path("auths").path("myreg:5000").path("auth").asText())));
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(file)));
        assertTrue(cfg.remove("myreg:5000"));
        assertFalse(cfg.remove("myreg:5000"));
        assertEquals(Optional.of(new Credentials("hub", "pw1")), cfg.get("index.docker.io"));
    }

    @Test
    void dockerConfigEnvironmentVariableChoosesTheFile() {
        assertEquals(Path.of("/x/y/config.json"), DockerConfig.locate(Map.of("DOCKER_CONFIG", "/x/y"), "/home/u").file());
        assertEquals(Path.of("/home/u/.docker/config.json"), DockerConfig.locate(Map.of(), "/home/u").file());
        assertEquals(DockerConfig.DOCKER_HUB_KEY, DockerConfig.keyFor("docker.io"));
    }

    @Test
    void credentialHelperIsAskedFirst() throws Exception {
        Path bin = dir.resolve("bin");
        Files.createDirectories(bin);
        Path helper = bin.resolve("docker-credential-jruntest");
        Files.writeString(helper, "#!/bin/sh\nread server\n[ \"$1\" = get ] && [ \"$server\" = reg.example:443 ] && "
                + "echo '{\"ServerURL\":\"reg.example:443\",\"Username\":\"hu\",\"Secret\":\"hs\"}' && exit 0\n"
                + "echo 'credentials not found in native keychain'; exit 1\n");
        helper.toFile().setExecutable(true);
        assertEquals(Optional.of(new Credentials("hu", "hs")), CredentialHelper.get("jruntest", "reg.example:443", bin));
        assertEquals(Optional.empty(), CredentialHelper.get("jruntest", "other:1", bin));
    }

    @Test
    void proxiesFromEnvironmentWithNoProxy() {
        EnvProxySelector s = new EnvProxySelector(Map.of("HTTPS_PROXY", "http://proxy:3128",
                "NO_PROXY", "internal.example,.corp,reg:5000"));
        assertEquals(Proxy.Type.HTTP, s.select(URI.create("https://registry-1.docker.io/v2/")).get(0).type());
        assertEquals(Proxy.NO_PROXY, s.select(URI.create("https://internal.example/v2/")).get(0));
        assertEquals(Proxy.NO_PROXY, s.select(URI.create("https://a.corp/v2/")).get(0));
        assertEquals(Proxy.NO_PROXY, s.select(URI.create("https://reg:5000/v2/")).get(0));
        assertEquals(Proxy.Type.HTTP, s.select(URI.create("https://reg:6000/v2/")).get(0).type());
        assertEquals(Proxy.NO_PROXY, s.select(URI.create("http://127.0.0.1:5000/v2/")).get(0));
        assertEquals(Proxy.NO_PROXY, s.select(URI.create("http://plain/v2/")).get(0), "no HTTP_PROXY set");
    }

    @Test
    void dockerHubNamesMapToItsEndpoint() {
        assertEquals("registry-1.docker.io", RegistryClient.endpointHost("docker.io"));
        assertEquals("127.0.0.1:5000", RegistryClient.endpointHost("127.0.0.1:5000"));
        assertTrue(RegistryClient.isLoopback("localhost:5000"));
        assertTrue(RegistryClient.isLoopback("[::1]:5000"));
        assertFalse(RegistryClient.isLoopback("myreg:5000"));
        assertTrue(RegistryClient.isLoopback("127.0.0.1"));
        assertTrue(RegistryClient.isLoopback("localhost"));
        assertFalse(RegistryClient.isLoopback("localhost.example:5000"));
        assertFalse(RegistryClient.isLoopback("127.0.0.1:50a"));
        assertEquals("https://registry-1.docker.io/v2/",
                new RegistryClient("docker.io", TestImages.options(dir.resolve("a.json")), false, null)
                        .uri("/v2/").toString());
    }
}
