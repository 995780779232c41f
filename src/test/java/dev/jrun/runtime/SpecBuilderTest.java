package dev.jrun.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrun.JrunException;
import dev.jrun.image.ImageConfig.ContainerConfig;
import dev.jrun.runtime.spec.CapabilityNames;
import dev.jrun.runtime.spec.Linux;
import dev.jrun.runtime.spec.Mount;
import dev.jrun.runtime.spec.Spec;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SpecBuilderTest {
    static final String ID = "0123456789abcdef0123";
    static final String PASSWD = "root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n"
            + "app:x:1000:1000::/home/app:/bin/sh\n";
    static final String GROUP = "root:x:0:\nwheel:x:10:root,app\naudio:x:29:app\napp:x:1000:\nnogroup:x:65534:\n";

    static ContainerConfig image(List<String> entrypoint, List<String> cmd) {
        return new ContainerConfig(null, null, List.of("PATH=/bin", "FOO=image"), entrypoint, cmd, null, "/srv",
                null, null, null, null, null, null);
    }

    static Spec build(ContainerConfig img, RunOptions o) {
        return SpecBuilder.build(img, o, ID, new SpecBuilder.ImageFiles(PASSWD, GROUP), Map.of("FROMHOST", "h"));
    }

    @ParameterizedTest(name = "entrypoint {0} cmd {1} --entrypoint {2} args {3} -> {4}")
    @CsvSource(delimiter = '|', value = {
        "       | sh,-c,x |       |           | sh,-c,x",
        "ep     | a,b     |       |           | ep,a,b",
        "ep     | a,b     |       | c         | ep,c",
        "ep     | a,b     | other |           | other",
        "ep     | a,b     | other | x,y       | other,x,y",
        "ep     |         | ''    | ls        | ls",
        "       | a       |       | ls,-l     | ls,-l",
    })
    void entrypointAndCmdCombineAsDocker(String ep, String cmd, String epFlag, String args, String want) {
        ContainerConfig img = image(ep == null ? null : List.of(ep.split(",")), cmd == null ? null : List.of(cmd.split(",")));
        RunOptions o = RunOptions.defaults().withEntrypoint(epFlag).withCommand(args == null ? null : List.of(args.split(",")));
        assertEquals(List.of(want.split(",")), build(img, o).process().args());
    }

    @Test
    void tmpfsMountsGetDockersDefaultsAndTheGivenOptions() {
        Mount plain = SpecBuilder.tmpfs("/run");
        assertEquals("/run", plain.destination());
        assertEquals("tmpfs", plain.type());
        assertEquals(List.of("rw", "nosuid", "nodev", "noexec"), plain.options());
        assertEquals(List.of("rw", "nosuid", "nodev", "size=64m"), SpecBuilder.tmpfs("/x:exec,size=64m").options());
        assertEquals(List.of("nosuid", "nodev", "noexec", "ro"), SpecBuilder.tmpfs("/y:ro").options());
        assertThrows(JrunException.class, () -> SpecBuilder.tmpfs("relative"));
        assertThrows(JrunException.class, () -> SpecBuilder.tmpfs("/"));
    }

    @Test
    void noCommandAtAllIsAnError() {
        JrunException e = assertThrows(JrunException.class, () -> build(image(null, null), RunOptions.defaults()));
        assertTrue(e.getMessage().contains("no command specified"), e.getMessage());
    }

    @Test
    void envMergesImageFlagsHostAndDefaults() {
        RunOptions o = RunOptions.defaults().withCommand(List.of("true"))
                .withEnv(List.of("FOO=flag", "FROMHOST", "MISSING", "X=a=b")).withHostname("web");
        List<String> env = build(image(null, null), o).process().env();
        assertEquals(List.of("PATH=/bin", "HOSTNAME=web", "FOO=flag", "FROMHOST=h", "X=a=b", "HOME=/root"), env);
    }

    @Test
    void defaultsLikeDocker() {
        Spec s = build(image(null, List.of("sh")), RunOptions.defaults());
        assertEquals("0123456789ab", s.hostname());
        assertEquals("/srv", s.process().cwd());
        assertEquals(0, s.process().user().uid());
        assertEquals(0xa80425fbL, CapabilityNames.mask(s.process().capabilities().bounding()));
        assertEquals(s.process().capabilities().bounding(), s.process().capabilities().effective());
        assertTrue(s.process().noNewPrivilegesOrFalse());
        assertTrue(s.linux().maskedPaths().contains("/proc/kcore"));
        assertTrue(s.linux().readonlyPaths().contains("/proc/sys"));
        assertEquals(List.of("/proc", "/dev", "/dev/pts", "/sys", "/sys/fs/cgroup", "/dev/mqueue", "/dev/shm"),
                s.mounts().stream().map(Mount::destination).toList());
        assertTrue(s.linux().hasNamespace("network"));
        assertTrue(s.linux().hasNamespace("pid"));
        assertNull(s.linux().resources());
        assertFalse(s.root().readonlyOrFalse());
    }

    @Test
    void capAddDropAndPrivileged() {
        RunOptions o = RunOptions.defaults().withCommand(List.of("x"))
                .withCaps(List.of("net_admin", "CAP_SYS_TIME"), List.of("chown", "NET_RAW"), false);
        List<String> b = build(image(null, null), o).process().capabilities().bounding();
        assertTrue(b.contains("CAP_NET_ADMIN") && b.contains("CAP_SYS_TIME"));
        assertFalse(b.contains("CAP_CHOWN") || b.contains("CAP_NET_RAW"));
        o = o.withCaps(List.of("kill"), List.of("ALL"), false);
        assertEquals(List.of("CAP_KILL"), build(image(null, null), o).process().capabilities().bounding());
        Spec p = build(image(null, null), o.withCaps(null, null, true));
        assertEquals(CapabilityNames.ALL.size(), p.process().capabilities().bounding().size());
        assertTrue(p.linux().maskedPaths().isEmpty());
        assertThrows(JrunException.class, () -> build(image(null, null), RunOptions.defaults()
                .withCommand(List.of("x")).withCaps(List.of("CAP_NOPE"), null, false)));
    }

    @Test
    void nonRootUserHasOnlyTheBoundingSet() {
        Spec s = build(image(null, List.of("id")), RunOptions.defaults().withUser("app"));
        assertEquals(1000, s.process().user().uid());
        assertEquals(List.of(10L, 29L), s.process().user().additionalGids());
        assertTrue(s.process().capabilities().effective().isEmpty());
        assertEquals(14, s.process().capabilities().bounding().size());
        assertTrue(s.process().env().contains("HOME=/home/app"));
    }

    @Test
    void resourcesFromFlags() {
        RunOptions o = RunOptions.defaults().withCommand(List.of("x")).withLimits("32m", "64m", "1.5", 512L, 10L);
        Linux.Resources r = build(image(null, null), o).linux().resources();
        assertEquals(32L << 20, r.memory().limit());
        assertEquals(64L << 20, r.memory().swap());
        assertEquals(150_000L, r.cpu().quota());
        assertEquals(100_000L, r.cpu().period());
        assertEquals(512L, r.cpu().shares());
        assertEquals(10L, r.pids().limit());
        JrunException e = assertThrows(JrunException.class,
                () -> build(image(null, null), o.withLimits("lots", null, null, null, null)));
        assertTrue(e.getMessage().contains("--memory") && e.getMessage().contains("\"lots\""), e.getMessage());
        assertThrows(JrunException.class, () -> build(image(null, null), o.withLimits("1m", null, null, null, null)));
        assertThrows(JrunException.class, () -> build(image(null, null), o.withLimits("64m", "32m", null, null, null)));
        assertThrows(JrunException.class, () -> build(image(null, null), o.withLimits(null, null, "-1", null, null)));
    }

    @Test
    void volumesReadOnlyAndNetwork() {
        RunOptions o = RunOptions.defaults().withCommand(List.of("x")).withVolumes(List.of("/data:/d:ro", "/a:/b"))
                .withReadOnly(true).withNetwork("host");
        Spec s = build(image(null, null), o);
        assertEquals(new Mount("/d", "bind", "/data", List.of("rbind", "ro")), s.mounts().get(7));
        assertEquals(new Mount("/b", "bind", "/a", List.of("rbind", "rw")), s.mounts().get(8));
        assertTrue(s.root().readonlyOrFalse());
        assertFalse(s.linux().hasNamespace("network"));
        for (String bad : List.of("data:/d", "/data", "/a:b", "/a:/b:rx")) {
            assertThrows(JrunException.class, () -> build(image(null, null),
                    RunOptions.defaults().withCommand(List.of("x")).withVolumes(List.of(bad))), bad);
        }
        assertThrows(JrunException.class, () -> build(image(null, null), o.withNetwork("bogus")));
    }

    @Test
    void specRoundTripsThroughJson() {
        Spec s = build(image(List.of("ep"), List.of("a")), RunOptions.defaults().withUser("app:audio")
                .withLimits("1g", null, "2", null, 100L).withTty(true));
        byte[] json = s.toJson();
        Spec back = Spec.parse(json, "test");
        assertEquals(s, back);
        String text = new String(json, StandardCharsets.UTF_8);
        assertTrue(text.contains("\"ociVersion\":\"1.0.2\""), text);
        assertTrue(text.contains("\"maskedPaths\""), text);
        assertTrue(text.contains("\"limit\":1073741824"), text);
    }

    @Test
    void readsARuncStyleConfig() {
        String json = "{\"ociVersion\":\"1.0.2\",\"process\":{\"terminal\":false,\"user\":{\"uid\":1,\"gid\":2,"
                + "\"additionalGids\":[3]},\"args\":[\"sh\"],\"env\":[\"A=b\"],\"cwd\":\"/\",\"capabilities\":"
                + "{\"bounding\":[\"CAP_KILL\"]},\"rlimits\":[{\"type\":\"RLIMIT_NOFILE\",\"hard\":1024,\"soft\":1024}],"
                + "\"noNewPrivileges\":true},\"root\":{\"path\":\"rootfs\",\"readonly\":true},\"hostname\":\"h\","
                + "\"mounts\":[{\"destination\":\"/proc\",\"type\":\"proc\",\"source\":\"proc\"}],"
                + "\"linux\":{\"namespaces\":[{\"type\":\"pid\"},{\"type\":\"network\"}],\"resources\":"
                + "{\"memory\":{\"limit\":1000},\"pids\":{\"limit\":5}},\"unknownField\":1}}";
        Spec s = Spec.parse(json.getBytes(StandardCharsets.UTF_8), "config.json");
        assertEquals(List.of(3L), s.process().user().additionalGids());
        assertEquals(1024, s.process().rlimits().get(0).hard());
        assertTrue(s.root().readonlyOrFalse());
        assertEquals(5, s.linux().resources().pids().limit());
        assertTrue(s.linux().hasNamespace("network"));
        assertThrows(JrunException.class, () -> Spec.parse("{\"root\":{\"path\":\"r\"}}".getBytes(StandardCharsets.UTF_8), "x"));
    }
}
