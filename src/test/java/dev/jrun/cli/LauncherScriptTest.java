package dev.jrun.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** bin/jrun's choice of JDK and archive, on a copy of the script in a fake checkout (JRUN_LAUNCHER=print). */
class LauncherScriptTest {
    static final Path SCRIPT = Path.of("bin/jrun").toAbsolutePath();
    static final Path THIS_JDK = Path.of(System.getProperty("java.home")).toAbsolutePath();

    static Path checkout(Path dir) throws IOException {
        Files.createDirectories(dir.resolve("bin"));
        Files.copy(SCRIPT, dir.resolve("bin/jrun"));
        dir.resolve("bin/jrun").toFile().setExecutable(true);
        Files.createDirectories(dir.resolve("target/lib"));
        Files.write(dir.resolve("target/jrun.jar"), new byte[0]);
        // made long ago: what the script writes (target/oci.launch) must be newer, and dash's -nt compares
        // whole seconds, so a file made in the same second as these would count as stale
        Files.setLastModifiedTime(dir.resolve("target/jrun.jar"), FileTime.fromMillis(1_000_000_000_000L));
        Files.setLastModifiedTime(dir.resolve("bin/jrun"), FileTime.fromMillis(1_000_000_000_000L));
        return dir;
    }

    static String print(Path checkout, Map<String, String> env) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(checkout.resolve("bin/jrun").toString()).redirectErrorStream(true);
        pb.environment().remove("JAVA_HOME");
        pb.environment().putAll(env);
        pb.environment().put("JRUN_LAUNCHER", "print");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        return out;
    }

    static String javaVersion(Path home) throws IOException {
        for (String line : Files.readAllLines(home.resolve("release"))) {
            if (line.startsWith("JAVA_VERSION=")) {
                return line.substring("JAVA_VERSION=".length()).replace("\"", "");
            }
        }
        throw new AssertionError("no JAVA_VERSION in " + home.resolve("release"));
    }

    @Test
    void javaHomeWinsWhenItIsAJdk17OrNewer(@TempDir Path dir) throws Exception {
        String out = print(checkout(dir), Map.of("JAVA_HOME", THIS_JDK.toString()));
        assertTrue(out.startsWith("java: " + THIS_JDK.resolve("bin/java") + " (" + javaVersion(THIS_JDK) + ")"), out);
    }

    @Test
    void anOldJavaHomeIsPassedOverForTheNewestJdk(@TempDir Path dir, @TempDir Path oldJdk) throws Exception {
        Files.createDirectories(oldJdk.resolve("bin"));
        Files.writeString(oldJdk.resolve("release"), "JAVA_VERSION=\"11.0.2\"\n");
        Path java = oldJdk.resolve("bin/java");
        Files.writeString(java, "#!/bin/sh\nexit 1\n");
        java.toFile().setExecutable(true);
        String out = print(checkout(dir), Map.of("JAVA_HOME", oldJdk.toString(),
                "PATH", THIS_JDK.resolve("bin") + ":/usr/bin:/bin"));
        assertTrue(!out.contains(oldJdk.toString()) && out.startsWith("java: /"), out);
    }

    @Test
    void theArchiveIsUsedOnlyWhenNewerThanTheJar(@TempDir Path dir) throws Exception {
        Path co = checkout(dir);
        String name = "jrun-" + javaVersion(THIS_JDK) + "-" + THIS_JDK.getFileName();
        Path archive = co.resolve("target/cds/" + name + ".jsa");
        Map<String, String> env = Map.of("JAVA_HOME", THIS_JDK.toString());
        assertTrue(print(co, env).contains("archive: none in " + co.resolve("target/cds") + " (in use: no)"));

        Files.createDirectories(archive.getParent());
        Files.write(archive, new byte[] {1});
        Files.setLastModifiedTime(co.resolve("target/jrun.jar"), FileTime.fromMillis(1_000_000_000_000L));
        assertTrue(print(co, env).contains("archive: " + archive + " (in use: yes)"));
        assertTrue(print(co, Map.of("JAVA_HOME", THIS_JDK.toString(), "JRUN_ARCHIVE", "off")).contains("(in use: no)"));

        Files.setLastModifiedTime(co.resolve("target/jrun.jar"), FileTime.fromMillis(System.currentTimeMillis() + 60_000));
        assertTrue(print(co, env).contains("(in use: no)"), "a rebuilt jar makes the archive stale");
    }

    static String run(Path script, Map<String, String> env, String... args) throws Exception {
        java.util.List<String> cmd = new java.util.ArrayList<>(java.util.List.of(script.toString()));
        cmd.addAll(java.util.List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().remove("JAVA_HOME");
        pb.environment().remove("JRUN_JAVA_OPTS");
        pb.environment().remove("JRUN_ROOT");
        pb.environment().remove("JRUN_TRACE_TIMES");
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        return p.exitValue() + " " + out;
    }

    @Test
    void jrunRuncExecsTheSavedCommandLineUntilItIsStale(@TempDir Path dir, @TempDir Path jdk) throws Exception {
        Path co = checkout(dir);
        Files.copy(SCRIPT.resolveSibling("jrun-runc"), co.resolve("bin/jrun-runc"));
        co.resolve("bin/jrun-runc").toFile().setExecutable(true);
        Files.createDirectories(co.resolve("target/cds"));
        // long ago (see withCaches): the saved command line must be newer, to the second
        Files.setLastModifiedTime(co.resolve("target/cds"), FileTime.fromMillis(1_000_000_001_000L));
        // a JDK whose java prints its command line
        Files.createDirectories(jdk.resolve("bin"));
        Files.writeString(jdk.resolve("release"), "JAVA_VERSION=\"21.0.1\"\n");
        Files.writeString(jdk.resolve("bin/java"), "#!/bin/sh\necho \"$*\"\n");
        jdk.resolve("bin/java").toFile().setExecutable(true);
        Map<String, String> env = Map.of("JAVA_HOME", jdk.toString());

        String first = run(co.resolve("bin/jrun-runc"), env, "--root", "/r o'ot", "state", "c1");
        assertTrue(first.startsWith("0 -Xint ") && first.endsWith("dev.jrun.cli.Main oci --root /r o'ot state c1\n"), first);
        assertTrue(Files.exists(co.resolve("target/oci.launch")));

        // from now on bin/jrun is not run at all: a broken one (older than the saved line) does not matter
        Files.writeString(co.resolve("bin/jrun"), "#!/bin/sh\necho slow path; exit 99\n");
        Files.setLastModifiedTime(co.resolve("bin/jrun"), FileTime.fromMillis(1_000_000_000_000L));
        assertEquals(first, run(co.resolve("bin/jrun-runc"), env, "--root", "/r o'ot", "state", "c1"));
        // ... unless the caller overrides the JVM, or names another JDK
        assertEquals("99 slow path\n", run(co.resolve("bin/jrun-runc"), Map.of("JAVA_HOME", jdk.toString(), "JRUN_JAVA_OPTS", "-Xmx1g"), "list"));
        assertEquals("99 slow path\n", run(co.resolve("bin/jrun-runc"), Map.of("JAVA_HOME", THIS_JDK.toString()), "list"));
        // ... or bin/jrun changed since (new flags)
        Files.setLastModifiedTime(co.resolve("bin/jrun"), FileTime.fromMillis(System.currentTimeMillis() + 60_000));
        assertEquals("99 slow path\n", run(co.resolve("bin/jrun-runc"), env, "list"));
        Files.setLastModifiedTime(co.resolve("bin/jrun"), FileTime.fromMillis(1_000_000_000_000L));
        assertEquals(first, run(co.resolve("bin/jrun-runc"), env, "--root", "/r o'ot", "state", "c1"));
        // ... or the jar was rebuilt since
        Files.setLastModifiedTime(co.resolve("target/jrun.jar"), FileTime.fromMillis(System.currentTimeMillis() + 60_000));
        assertEquals("99 slow path\n", run(co.resolve("bin/jrun-runc"), env, "list"));
    }

    /** bin/jrun passes JRUN_ROOT and JRUN_TRACE_TIMES on as properties (StartEnv): jrun need not search its environment. */
    @Test
    void theStartVariablesArePassedOnAsProperties(@TempDir Path dir, @TempDir Path jdk) throws Exception {
        Path script = checkout(dir).resolve("bin/jrun");
        echoJdk(jdk, "21.0.1");
        String set = run(script, Map.of("JAVA_HOME", jdk.toString(), "JRUN_ROOT", "/r o'ot", "JRUN_TRACE_TIMES", ""),
                "images");
        assertTrue(set.contains(" -Djrun.env=launcher -Djrun.env.JRUN_ROOT=/r o'ot -Djrun.env.JRUN_TRACE_TIMES= "), set);
        String unset = run(script, Map.of("JAVA_HOME", jdk.toString()), "images");
        assertTrue(unset.contains(" -Djrun.env=launcher ") && !unset.contains("-Djrun.env."), unset);
        // a value that cannot be one option line: nothing passed, jrun reads its environment
        String newline = run(script, Map.of("JAVA_HOME", jdk.toString(), "JRUN_ROOT", "/a\nb"), "images");
        assertTrue(!newline.contains("-Djrun.env"), newline);
        // the oci verbs' command line is saved for every environment (target/oci.launch)
        String oci = run(script, Map.of("JAVA_HOME", jdk.toString(), "JRUN_ROOT", "/x"), "oci", "state", "c1");
        assertTrue(oci.startsWith("0 ") && !oci.contains("-Djrun.env"), oci);
    }

    /** A fake JDK whose java prints its command line. */
    static Path echoJdk(Path jdk, String version) throws IOException {
        Files.createDirectories(jdk.resolve("bin"));
        Files.writeString(jdk.resolve("release"), "JAVA_VERSION=\"" + version + "\"\n");
        Files.writeString(jdk.resolve("bin/java"), "#!/bin/sh\necho \"$*\"\n");
        jdk.resolve("bin/java").toFile().setExecutable(true);
        return jdk;
    }

    /**
     * A fake JDK 25 at jdk, and in the checkout's target/cds its static archive ("static") and the named
     * profiles' AOT caches, all newer than the jar.
     */
    static Map<String, Path> withCaches(Path co, Path jdk, String... profiles) throws IOException {
        echoJdk(jdk, "25.0.1");
        Path cds = Files.createDirectories(co.resolve("target/cds"));
        String name = "jrun-25.0.1-" + jdk.getFileName();
        Map<String, Path> files = new java.util.HashMap<>();
        files.put("static", Files.write(cds.resolve(name + ".jsa"), new byte[] {1}));
        for (String p : profiles) {
            files.put(p, Files.write(cds.resolve(name + "." + p + ".aot"), new byte[] {1}));
        }
        Files.setLastModifiedTime(co.resolve("target/jrun.jar"), FileTime.fromMillis(1_000_000_000_000L));
        // made long ago: target/oci.launch, written by the test's first call, must be newer, and dash's -nt
        // compares whole seconds
        Files.setLastModifiedTime(cds, FileTime.fromMillis(1_000_000_001_000L));
        return files;
    }

    @Test
    void aFreshProfileCacheWinsForItsCommandPathOnly(@TempDir Path dir, @TempDir Path jdk) throws Exception {
        Path co = checkout(dir);
        Map<String, Path> caches = withCaches(co, jdk, "oci-create", "run-none", "push");
        Path general = caches.get("static");
        Path create = caches.get("oci-create");
        Path none = caches.get("run-none");
        Map<String, String> env = Map.of("JAVA_HOME", jdk.toString(), "JRUN_LAUNCHER", "print");
        Path script = co.resolve("bin/jrun");

        String oci = run(script, env, "--root", "/s", "oci", "--root", "/r", "--log-format", "json", "create", "--bundle", "b", "c1");
        assertTrue(oci.contains("profile: oci-create") && oci.contains("-XX:AOTCache=" + create), oci);
        String list = run(script, env, "oci", "--root", "/r", "list");
        assertTrue(!list.contains("profile:") && list.contains("-XX:SharedArchiveFile=" + general), list);
        for (String[] args : new String[][] {{"run", "--network", "none", "busybox"}, {"run", "--net=host", "-i", "busybox"}}) {
            String r = run(script, env, args);
            assertTrue(r.contains("profile: run-none") && r.contains("-XX:AOTCache=" + none), r);
            // ... on the interpreter alone, as its code runs about once
            assertTrue(r.contains("flags: -Xint ") && !r.contains("TieredStopAtLevel"), r);
        }
        // push has its cache, on the interpreter; pull keeps the general archive
        String push = run(script, env, "--root", "/s", "push", "-q", "127.0.0.1:5000/a/b:1");
        assertTrue(push.contains("profile: push") && push.contains("-XX:AOTCache=" + caches.get("push"))
                && push.contains("flags: -Xint "), push);
        String pull = run(script, env, "pull", "127.0.0.1:5000/a/b:1");
        assertTrue(!pull.contains("profile:") && pull.contains("-XX:SharedArchiveFile=" + general), pull);
        // a detached run keeps the general archive
        for (String[] args : new String[][] {{"run", "-d", "--network", "none", "busybox"}, {"run", "--network=none", "-itd", "busybox"}}) {
            String r = run(script, env, args);
            assertTrue(!r.contains("profile:") && r.contains("-XX:SharedArchiveFile=" + general), r);
        }
        // the bridge profile has no cache here: the general archive
        String bridge = run(script, env, "run", "busybox");
        assertTrue(bridge.contains("profile: run-bridge") && bridge.contains("-XX:SharedArchiveFile=" + general), bridge);
        assertTrue(bridge.contains("flags: -XX:TieredStopAtLevel=1 ") && !bridge.contains("-Xint"), bridge);
        // run-none's cache is trained with C1 (on the interpreter it held 40% more classes); the fake java
        // only echoes its command line, so the training reports that it made no archive
        String train = run(script, Map.of("JAVA_HOME", jdk.toString(), "JRUN_LAUNCHER", "train",
                "JRUN_ARCHIVE_PROFILE", "run-none"), dir.resolve("lines").toString());
        assertTrue(train.startsWith("1 -XX:TieredStopAtLevel=1 ") && train.contains("-XX:AOTCacheOutput=")
                && !train.contains("-Xint"), train);
        // a cache older than the jar is stale; JRUN_ARCHIVE=off turns every archive off
        Files.setLastModifiedTime(create, FileTime.fromMillis(900_000_000_000L));
        assertTrue(run(script, env, "oci", "create", "c1").contains("-XX:SharedArchiveFile=" + general));
        String off = run(script, Map.of("JAVA_HOME", jdk.toString(), "JRUN_LAUNCHER", "print", "JRUN_ARCHIVE", "off"),
                "run", "--network", "none", "busybox");
        assertTrue(!off.contains("-XX:AOTCache") && !off.contains("-XX:SharedArchiveFile"), off);
        // JDK 21 has no AOT cache: no profile at all
        Path old = Files.createDirectories(dir.resolve("jdk21"));
        echoJdk(old, "21.0.1");
        assertTrue(!run(script, Map.of("JAVA_HOME", old.toString(), "JRUN_LAUNCHER", "print"), "oci", "create", "c1")
                .contains("profile:"));
    }

    @Test
    void jrunRuncPicksTheVerbsCacheWithoutBash(@TempDir Path dir, @TempDir Path jdk) throws Exception {
        Path co = checkout(dir);
        Files.copy(SCRIPT.resolveSibling("jrun-runc"), co.resolve("bin/jrun-runc"));
        co.resolve("bin/jrun-runc").toFile().setExecutable(true);
        Map<String, Path> caches = withCaches(co, jdk, "oci-start", "oci-state");
        Path general = caches.get("static");
        Path start = caches.get("oci-start");
        Path state = caches.get("oci-state");
        Files.setLastModifiedTime(co.resolve("bin/jrun"), FileTime.fromMillis(1_000_000_000_000L));
        Map<String, String> env = Map.of("JAVA_HOME", jdk.toString());
        Path runc = co.resolve("bin/jrun-runc");

        String first = run(runc, env, "--root", "/r", "start", "c1"); // through bin/jrun, which writes oci.launch
        assertTrue(first.startsWith("0 -Xint ") && first.contains(" -XX:AOTCache=" + start + " -cp "), first);
        assertTrue(first.endsWith("dev.jrun.cli.Main oci --root /r start c1\n"), first);
        // from now on bin/jrun is not run: oci.launch finds the verb after runc's global options
        Files.writeString(co.resolve("bin/jrun"), "#!/bin/sh\necho slow path; exit 99\n");
        Files.setLastModifiedTime(co.resolve("bin/jrun"), FileTime.fromMillis(1_000_000_000_000L));
        assertEquals(first, run(runc, env, "--root", "/r", "start", "c1"));
        String st = run(runc, env, "--log", "/l o'g", "--log-format", "json", "--root", "/r", "state", "c1");
        assertTrue(st.contains(" -XX:AOTCache=" + state + " -cp ") && st.endsWith("--root /r state c1\n"), st);
        // a verb without a cache, or an id that is a verb's name, gets the general archive
        for (String[] args : new String[][] {{"--root", "/r", "list"}, {"--root", "start", "delete", "start"}}) {
            String r = run(runc, env, args);
            assertTrue(r.startsWith("0 ") && r.contains(" -XX:SharedArchiveFile=" + general + " -cp "), r);
        }
    }
}
