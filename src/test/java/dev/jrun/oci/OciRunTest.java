package dev.jrun.oci;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jrun.image.Json;
import dev.jrun.linux.BusyboxRootfs;
import dev.jrun.linux.CgroupFs;
import dev.jrun.linux.ProcessSignals;
import dev.jrun.linux.LinuxSupport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runc command line for real: a bundle made by {@code jrun oci spec} plus a busybox rootfs, run by
 * separate jrun processes (as podman or containerd would call a runc binary) in the foreground and
 * detached, driven through state, kill and delete; bad inputs leave nothing behind.
 */
@Tag("root")
class OciRunTest {
    @TempDir
    Path tmp;
    Path bundle;
    Path root;
    final List<String> ids = new ArrayList<>();

    record Result(int code, String out, String err) {
    }

    @BeforeEach
    void bundle() throws Exception {
        assertNull(LinuxSupport.unavailabilityCause());
        bundle = Files.createDirectories(tmp.resolve("bundle"));
        root = tmp.resolve("state");
        BusyboxRootfs.create(bundle);
        assertEquals(0, jrun("spec", "--bundle", bundle.toString()).code());
    }

    @AfterEach
    void cleanUp() throws Exception {
        for (String id : ids) {
            jrun("delete", "--force", id);
        }
    }

    Result jrun(String... args) throws IOException, InterruptedException {
        return jrunAt(root, args);
    }

    Result jrunAt(Path stateRoot, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                "dev.jrun.cli.Main", "oci", "--root", stateRoot.toString()));
        cmd.addAll(List.of(args));
        Path out = Files.createTempFile(tmp, "out", ".txt");
        Path err = Files.createTempFile(tmp, "err", ".txt");
        // files, not pipes: a detached container keeps its stdout open after jrun returns, as under runc
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        int code = p.waitFor();
        return new Result(code, Files.readString(out), Files.readString(err));
    }

    void args(String... args) throws IOException {
        ObjectNode c = (ObjectNode) Json.tree(Files.readAllBytes(bundle.resolve("config.json")), "config");
        c.with("process").put("terminal", false);
        var a = c.with("process").putArray("args");
        for (String s : args) {
            a.add(s);
        }
        Files.write(bundle.resolve("config.json"), Json.bytes(c));
    }

    JsonNode state(String id) throws Exception {
        Result r = jrun("state", id);
        assertEquals(0, r.code(), r.err());
        return Json.tree(r.out().getBytes(), "state");
    }

    void assertNothingLeft(String id) throws IOException {
        assertFalse(Files.exists(root.resolve(id)), "state dir of " + id);
        CgroupFs.Cgroup cg = OciCgroup.of(root, id, null).existing();
        assertTrue(cg.v1Dirs().isEmpty() && cg.v2Dir() == null, "cgroup of " + id + " left: " + cg);
        assertFalse(Files.readString(Path.of("/proc/self/mountinfo")).contains(bundle.toString()), "mounts left");
    }

    @Test
    void theSameIdUnderTwoRootsGetsTwoCgroups() throws Exception {
        args("sleep", "300");
        Path other = tmp.resolve("other-state");
        try {
            assertEquals(0, jrun("run", "-d", "--bundle", bundle.toString(), "twin").code());
            Result r = jrunAt(other, "run", "-d", "--bundle", bundle.toString(), "twin");
            assertEquals(0, r.code(), r.err());
            CgroupFs.Cgroup mine = OciCgroup.of(root, "twin", null).existing();
            CgroupFs.Cgroup theirs = OciCgroup.of(other, "twin", null).existing();
            assertNotEquals(mine.v2Dir(), theirs.v2Dir());
            int theirPid = Json.tree(jrunAt(other, "state", "twin").out().getBytes(), "state").get("pid").asInt();
            // deleting one must leave the other's process and cgroup alone (they once shared jrun-runc/twin)
            assertEquals(0, jrun("delete", "--force", "twin").code());
            assertNothingLeft("twin");
            assertEquals("running", Json.tree(jrunAt(other, "state", "twin").out().getBytes(), "state").get("status").asText());
            assertTrue(Files.exists(Path.of("/proc/" + theirPid)));
            assertEquals(List.of(theirPid), ProcessSignals.cgroupPids(theirs));
        } finally {
            jrun("delete", "--force", "twin");
            jrunAt(other, "delete", "--force", "twin");
        }
        CgroupFs.Cgroup theirs = OciCgroup.of(other, "twin", null).existing();
        assertTrue(theirs.v1Dirs().isEmpty() && theirs.v2Dir() == null, "cgroup left: " + theirs);
    }

    @Test
    void configCgroupsPathIsHonoredAndBadOnesAreRefused() throws Exception {
        args("sleep", "300");
        String parent = "jrun-test-" + ProcessHandle.current().pid();
        ObjectNode c = (ObjectNode) Json.tree(Files.readAllBytes(bundle.resolve("config.json")), "config");
        c.with("linux").put("cgroupsPath", "/" + parent + "/box");
        c.with("linux").with("resources").with("pids").put("limit", 11);
        Files.write(bundle.resolve("config.json"), Json.bytes(c));
        OciCgroup cg = OciCgroup.of(root, "cp1", "/" + parent + "/box");
        try {
            Result r = jrun("run", "-d", "--bundle", bundle.toString(), "cp1");
            assertEquals(0, r.code(), r.err());
            int pid = state("cp1").get("pid").asInt();
            assertEquals("11", cg.fs().knob(cg.existing(), "pids", "pids.max"));
            assertTrue(Files.readString(Path.of("/proc/" + pid + "/cgroup")).contains(":/" + parent + "/box\n"));
            assertEquals(List.of(pid), ProcessSignals.cgroupPids(cg.existing()));
            assertEquals(0, jrun("delete", "--force", "cp1").code());
            CgroupFs.Cgroup left = cg.existing();
            assertTrue(left.v1Dirs().isEmpty() && left.v2Dir() == null, "cgroup left: " + left);
        } finally {
            jrun("delete", "--force", "cp1");
            for (Path h : cg.fs().layout().v1().values()) {
                Files.deleteIfExists(h.resolve(parent));
            }
            Files.deleteIfExists(cg.fs().layout().unified().resolve(parent));
        }
        for (String bad : List.of("relative/box", "system.slice:jrun:box", "/a/../box", "/")) {
            c.with("linux").put("cgroupsPath", bad);
            Files.write(bundle.resolve("config.json"), Json.bytes(c));
            Result r = jrun("create", "--bundle", bundle.toString(), "cp2");
            assertEquals(1, r.code(), bad);
            assertTrue(r.err().contains("linux.cgroupsPath \"" + bad + "\""), r.err());
            assertFalse(Files.exists(root.resolve("cp2")), "state dir after " + bad);
        }
    }

    @Test
    void foregroundRunPassesOutputAndExitCodeThroughAndDeletesTheContainer() throws Exception {
        args("sh", "-c", "echo hi; echo $$; hostname; exit 3");
        Result r = jrun("run", "--bundle", bundle.toString(), "fg1");
        assertEquals(3, r.code(), r.err());
        assertEquals("hi\n1\njrun\n", r.out());
        assertNothingLeft("fg1");
    }

    @Test
    void detachedRunStateKillDelete() throws Exception {
        args("sh", "-c", "echo started; exec sleep 300");
        ids.add("d1");
        Path pidFile = tmp.resolve("pid");
        Result r = jrun("run", "-d", "--bundle", bundle.toString(), "--pid-file", pidFile.toString(), "d1");
        assertEquals(0, r.code(), r.err());
        int pid = Integer.parseInt(Files.readString(pidFile).strip());
        JsonNode s = state("d1");
        assertEquals("running", s.get("status").asText());
        assertEquals(pid, s.get("pid").asInt());
        assertEquals("d1", s.get("id").asText());
        assertEquals(bundle.toString(), s.get("bundle").asText());
        assertEquals("1.0.2", s.get("ociVersion").asText());
        assertFalse(s.has("pidStartTime"));
        assertTrue(Files.readString(Path.of("/proc/" + pid + "/cmdline")).startsWith("sleep"));
        assertTrue(jrun("list", "-q").out().contains("d1"));
        Result ps = jrun("ps", "--format", "json", "d1");
        assertEquals("[" + pid + "]", ps.out().strip(), ps.err());
        Result table = jrun("ps", "d1");
        assertTrue(table.out().startsWith("UID") && table.out().contains("sleep 300"), table.out());

        Result dup = jrun("run", "-d", "--bundle", bundle.toString(), "d1");
        assertEquals(1, dup.code());
        assertTrue(dup.err().contains("container with id exists: d1"), dup.err());
        Result busy = jrun("delete", "d1");
        assertEquals(1, busy.code());
        assertTrue(busy.err().contains("not stopped: running"), busy.err());
        assertEquals("running", state("d1").get("status").asText());

        assertEquals(0, jrun("kill", "d1", "KILL").code());
        String status = "";
        for (int i = 0; i < 200 && !status.equals("stopped"); i++) {
            status = state("d1").get("status").asText();
            Thread.sleep(10);
        }
        assertEquals("stopped", status);
        Result gone = jrun("delete", "d1");
        assertEquals(0, gone.code(), gone.err());
        assertNothingLeft("d1");
        assertEquals(1, jrun("state", "d1").code());
        // the detached container wrote into run's own stdout, as runc's detached mode does
        assertTrue(r.out().contains("started") || waitForFileContent(tmp, "started"), "container output");
    }

    private static boolean waitForFileContent(Path dir, String text) throws IOException {
        try (var s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().startsWith("out")).anyMatch(p -> {
                try {
                    return Files.readString(p).contains(text);
                } catch (IOException e) {
                    return false;
                }
            });
        }
    }

    @Test
    void createStateStartStateKillStateDelete() throws Exception {
        args("sh", "-c", "echo started $$; exec sleep 300");
        ids.add("c1");
        Path pidFile = tmp.resolve("c1.pid");
        Result created = jrun("create", "--bundle", bundle.toString(), "--pid-file", pidFile.toString(), "c1");
        assertEquals(0, created.code(), created.err());
        int pid = Integer.parseInt(Files.readString(pidFile).strip());
        JsonNode s = state("c1");
        assertEquals("created", s.get("status").asText());
        assertEquals(pid, s.get("pid").asInt());
        assertFalse(Files.readString(Path.of("/proc/" + pid + "/cmdline")).startsWith("sleep"), "exec'd before start");
        Result again = jrun("create", "--bundle", bundle.toString(), "c1");
        assertEquals(1, again.code());
        assertTrue(again.err().contains("container with id exists: c1"), again.err());

        Result started = jrun("start", "c1");
        assertEquals(0, started.code(), started.err());
        assertEquals("running", state("c1").get("status").asText());
        assertEquals(pid, state("c1").get("pid").asInt());
        String cmd = "";
        for (int i = 0; i < 200 && !cmd.startsWith("sleep"); i++) {
            cmd = Files.readString(Path.of("/proc/" + pid + "/cmdline"));
            Thread.sleep(10);
        }
        assertTrue(cmd.startsWith("sleep"), cmd);
        assertTrue(waitForFileContent(tmp, "started 1"), "the container's output goes to create's stdout");
        Result twice = jrun("start", "c1");
        assertEquals(1, twice.code());
        assertTrue(twice.err().contains("cannot start a container that is running"), twice.err());

        assertEquals(0, jrun("kill", "c1", "SIGKILL").code());
        String status = "";
        for (int i = 0; i < 200 && !status.equals("stopped"); i++) {
            status = state("c1").get("status").asText();
            Thread.sleep(10);
        }
        assertEquals("stopped", status);
        assertEquals(0, jrun("delete", "c1").code());
        assertNothingLeft("c1");
    }

    @Test
    void aCreatedContainerIsDeletedWithoutForceAndAFailingOneLeavesNothing() throws Exception {
        args("sleep", "300");
        ids.add("c2");
        assertEquals(0, jrun("create", "--bundle", bundle.toString(), "c2").code());
        int pid = state("c2").get("pid").asInt();
        Result r = jrun("delete", "c2");
        assertEquals(0, r.code(), r.err());
        assertNothingLeft("c2");
        String stat = Files.exists(Path.of("/proc/" + pid)) ? Files.readString(Path.of("/proc/" + pid + "/stat")) : "";
        assertTrue(stat.isEmpty() || stat.contains(") Z "), "process " + pid + " still there: " + stat);

        ObjectNode c = (ObjectNode) Json.tree(Files.readAllBytes(bundle.resolve("config.json")), "config");
        // a step of the child fails (the bind source is missing): after clone, before the fifo
        c.withArray("mounts").addObject().put("destination", "/mnt").put("type", "bind").put("source", "/no/such/dir")
                .putArray("options").add("bind");
        Files.write(bundle.resolve("config.json"), Json.bytes(c));
        Result bad = jrun("create", "--bundle", bundle.toString(), "c3");
        assertEquals(1, bad.code());
        assertTrue(bad.err().contains("/no/such/dir"), bad.err());
        assertNothingLeft("c3");
    }

    @Test
    void createFailsWhenTheProgramIsMissing() throws Exception {
        args("/no/such/program");
        ids.add("c4");
        Result r = jrun("create", "--bundle", bundle.toString(), "c4");
        assertEquals(1, r.code(), "as runc's create: " + r.err());
        assertTrue(r.err().contains("/no/such/program") && r.err().contains("ENOENT"), r.err());
        assertNothingLeft("c4");
    }

    @Test
    void deleteForceKillsARunningContainer() throws Exception {
        args("sleep", "300");
        ids.add("f1");
        assertEquals(0, jrun("run", "-d", "--bundle", bundle.toString(), "f1").code());
        int pid = state("f1").get("pid").asInt();
        assertEquals(0, jrun("kill", "--all", "f1", "0").code(), "signal 0 to every process of the cgroup");
        assertEquals("running", state("f1").get("status").asText());
        Result r = jrun("delete", "--force", "f1");
        assertEquals(0, r.code(), r.err());
        assertNothingLeft("f1");
        String stat = Files.exists(Path.of("/proc/" + pid)) ? Files.readString(Path.of("/proc/" + pid + "/stat")) : "";
        assertTrue(stat.isEmpty() || stat.contains(") Z "), "process " + pid + " still runs: " + stat);
    }

    @Test
    void badBundlesFailWithTheirReasonAndLeaveNothing() throws Exception {
        args("true");
        String good = Files.readString(bundle.resolve("config.json"));
        Files.writeString(bundle.resolve("config.json"), "{\"ociVersion\": ");
        expectFailure("b1", "config.json");
        Files.writeString(bundle.resolve("config.json"), good.replace("\"1.0.2\"", "\"2.0.0\""));
        expectFailure("b2", "unsupported spec version \"2.0.0\"");
        Files.writeString(bundle.resolve("config.json"), good.replace("\"linux\":{", "\"linux\":{\"seccomp\":{\"defaultAction\":\"SCMP_ACT_ERRNO\"},"));
        expectFailure("b3", "linux.seccomp is not supported");
        Files.writeString(bundle.resolve("config.json"), good.replace("\"path\":\"rootfs\"", "\"path\":\"missing\""));
        expectFailure("b4", "rootfs (" + bundle.resolve("missing") + ") does not exist");
        Files.writeString(bundle.resolve("config.json"), good.replace("\"args\":[\"true\"]", "\"args\":[\"/no/such\"]"));
        expectFailure("b5", "/no/such");
    }

    @Test
    void createSendsATerminalsMasterToTheConsoleSocket() throws Exception {
        args("sh", "-c", "tty; exec sleep 300");
        ObjectNode c = (ObjectNode) Json.tree(Files.readAllBytes(bundle.resolve("config.json")), "config");
        c.with("process").put("terminal", true);
        Files.write(bundle.resolve("config.json"), Json.bytes(c));
        Result refused = jrun("create", "--bundle", bundle.toString(), "t0");
        assertEquals(1, refused.code());
        assertTrue(refused.err().contains("--console-socket"), refused.err());
        assertNothingLeft("t0");

        ids.add("t1");
        Path sock = tmp.resolve("console.sock");
        // The receiver keeps the master, as conmon or containerd's shim do: once every copy of a pty's master
        // is closed, its slave is gone ("/dev/pts/0 (deleted)"). Python's socket.recv_fds takes the fd Java's
        // channels cannot.
        Process holder = new ProcessBuilder("python3", "-c", String.join("\n",
                "import socket, sys",
                "s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)",
                "s.bind(sys.argv[1]); s.listen(1)",
                "print('listening', flush=True)",
                "c, _ = s.accept()",
                "msg, fds, _, _ = socket.recv_fds(c, 256, 1)",
                "print(msg.decode(), len(fds), flush=True)",
                "sys.stdin.read()"), sock.toString()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try (var out = new java.io.BufferedReader(new java.io.InputStreamReader(holder.getInputStream()))) {
            assertEquals("listening", out.readLine());
            Result r = jrun("create", "--bundle", bundle.toString(), "--console-socket", sock.toString(), "t1");
            assertEquals(0, r.code(), r.err());
            String[] got = out.readLine().split(" ");
            String name = got[0];
            assertTrue(name.matches("/dev/pts/\\d+"), name);
            assertEquals("1", got[1], "one fd passed: the master");
            int pid = state("t1").get("pid").asInt();
            for (int fd = 0; fd < 3; fd++) {
                assertEquals(name, Files.readSymbolicLink(Path.of("/proc/" + pid + "/fd/" + fd)).toString());
            }
        } finally {
            holder.getOutputStream().close();
            assertTrue(holder.waitFor(10, java.util.concurrent.TimeUnit.SECONDS), "the fd holder exits");
        }
        assertEquals(0, jrun("delete", "--force", "t1").code());
        assertNothingLeft("t1");
    }

    @Test
    void pauseResumeEventsStatsAndUpdate() throws Exception {
        args("sleep", "300");
        ids.add("p1");
        assertEquals(0, jrun("run", "-d", "--bundle", bundle.toString(), "p1").code());
        int pid = state("p1").get("pid").asInt();
        Result paused = jrun("pause", "p1");
        assertEquals(0, paused.code(), paused.err());
        assertEquals("paused", state("p1").get("status").asText());
        OciCgroup cg = OciCgroup.of(root, "p1", null);
        CgroupFs fs = cg.fs();
        assertTrue(fs.frozen(cg.existing()));
        assertEquals(1, jrun("pause", "p1").code(), "a paused container is not running");
        assertEquals(0, jrun("resume", "p1").code());
        assertEquals("running", state("p1").get("status").asText());
        assertFalse(fs.frozen(cg.existing()));
        assertEquals(1, jrun("resume", "p1").code(), "a running container is not paused");

        Result stats = jrun("events", "--stats", "p1");
        assertEquals(0, stats.code(), stats.err());
        JsonNode e = Json.tree(stats.out().getBytes(), "events");
        assertEquals("stats", e.get("type").asText());
        assertEquals(1, e.at("/data/pids/current").asInt(), stats.out());
        assertTrue(e.at("/data/memory/usage/usage").asLong() > 0, stats.out());
        Result stream = jrun("events", "p1");
        assertEquals(1, stream.code());
        assertTrue(stream.err().contains("only --stats"), stream.err());

        assertEquals(0, jrun("update", "--pids-limit", "7", "--memory", "32m", "p1").code());
        assertEquals("7", fs.knob(cg.existing(), "pids", "pids.max"));
        assertEquals(String.valueOf(32L << 20), fs.knob(cg.existing(), "memory", "memory.limit_in_bytes"));
        Path res = tmp.resolve("res.json");
        Files.writeString(res, "{\"pids\": {\"limit\": 9}, \"blockIO\": {\"weight\": 10}}");
        Result refused = jrun("update", "-r", res.toString(), "p1");
        assertEquals(1, refused.code());
        assertTrue(refused.err().contains("blockIO"), refused.err());
        Files.writeString(res, "{\"pids\": {\"limit\": 9}, \"cpu\": {\"shares\": 0}}");
        assertEquals(0, jrun("update", "-r", res.toString(), "p1").code());
        assertEquals("9", fs.knob(cg.existing(), "pids", "pids.max"));

        assertEquals(0, jrun("pause", "p1").code());
        Result r = jrun("delete", "--force", "p1");
        assertEquals(0, r.code(), r.err());
        assertNothingLeft("p1");
        assertFalse(Files.exists(Path.of("/proc/" + pid + "/cmdline")) && !Files.readString(
                Path.of("/proc/" + pid + "/stat")).contains(") Z "), "a paused container dies on delete --force");
    }

    @Test
    void aNetworkNamespaceIsJoinedByPath() throws Exception {
        args("sleep", "300");
        ids.add("n1");
        assertEquals(0, jrun("run", "-d", "--bundle", bundle.toString(), "n1").code());
        int pid = state("n1").get("pid").asInt();
        String ns = Files.readSymbolicLink(Path.of("/proc/" + pid + "/ns/net")).toString();
        args("readlink", "/proc/self/ns/net");
        ObjectNode c = (ObjectNode) Json.tree(Files.readAllBytes(bundle.resolve("config.json")), "config");
        for (JsonNode n : c.with("linux").withArray("namespaces")) {
            if (n.get("type").asText().equals("network")) {
                ((ObjectNode) n).put("path", "/proc/" + pid + "/ns/net");
            }
        }
        Files.write(bundle.resolve("config.json"), Json.bytes(c));
        Result r = jrun("run", "--bundle", bundle.toString(), "n2");
        assertEquals(0, r.code(), r.err());
        assertEquals(ns, r.out().strip());
        assertNotEquals(Files.readSymbolicLink(Path.of("/proc/self/ns/net")).toString(), ns);
    }

    private void expectFailure(String id, String message) throws Exception {
        Result r = jrun("run", "--bundle", bundle.toString(), id);
        assertEquals(1, r.code(), r.out() + r.err());
        assertTrue(r.err().startsWith("jrun: ") && r.err().contains(message), r.err());
        assertNothingLeft(id);
    }
}
