package dev.jrun.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrun.cli.CliRunner;
import dev.jrun.store.Image;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * RUN for real (root): the busybox fixture, the launcher, overlay on the shared layer dirs. The
 * seed's example builds; USER, WORKDIR, ENV and ARG reach the command; the second build is fully
 * cached; a failing RUN shows its output and code and tags nothing; nothing stays mounted.
 */
@Tag("root")
class RunIntegrationTest {
    @TempDir
    Path tmp;

    private BuildFixture busybox() throws Exception {
        return BuildFixture.busybox(tmp);
    }

    @Test
    void theSeedsExampleBuildsAndIsCachedTheSecondTime() throws Exception {
        BuildFixture f = busybox();
        Path app = Path.of("examples/app");
        CliRunner.Result r = f.cli.run("build", "--progress", "plain", "-t", "myapp", app.toString());
        assertEquals(0, r.exitCode(), r.err() + r.out());
        Image img = f.image("myapp");
        Map<String, BuildFixture.Entry> run = f.layer(img, 1);
        assertEquals("built by jrun\n", run.get("app/BUILD_INFO").content());
        assertFalse(run.containsKey("etc/hosts") || run.containsKey("etc/resolv.conf"), run.keySet().toString());
        assertTrue(f.layer(img, 2).containsKey("app/www/index.html"));
        assertEquals("/app", img.config().config().workingDir());
        CliRunner.Result again = f.cli.run("build", "--progress", "plain", "-t", "myapp", app.toString());
        assertEquals(6, again.out().lines().filter(l -> l.endsWith(" CACHED")).count(), again.out());
        assertEquals(img.id(), f.image("myapp").id());
        assertNothingMounted();
    }

    @Test
    void userWorkdirEnvAndArgsReachTheCommand() throws Exception {
        BuildFixture f = busybox();
        f.dockerfile("""
                FROM busybox
                ARG FLAVOR=spicy
                ENV MODE=prod
                WORKDIR /home/app
                USER app
                RUN echo "$(id -u) $(pwd) $MODE $FLAVOR" > /home/app/facts; echo to-stdout; echo to-stderr >&2
                USER root
                RUN rm /var/www/index.html
                """);
        CliRunner.Result r = f.build("--progress", "plain", "-t", "facts");
        assertEquals(0, r.exitCode(), r.err() + r.out());
        assertTrue(r.out().contains("to-stdout") && r.out().contains("to-stderr"), "RUN output streamed: " + r.out());
        Image img = f.image("facts");
        BuildFixture.Entry facts = f.layer(img, -2).get("home/app/facts");
        assertEquals("1000 /home/app prod spicy\n", facts.content());
        assertEquals(1000, facts.uid());
        assertTrue(f.layer(img, -1).containsKey("var/www/.wh.index.html"), f.layer(img, -1).keySet().toString());
        assertNothingMounted();
    }

    @Test
    void failingRunShowsItsOutputAndCodeAndTagsNothing() throws Exception {
        BuildFixture f = busybox();
        f.dockerfile("FROM busybox\nRUN echo before-failing; exit 7\n");
        CliRunner.Result r = f.build("-t", "broken");
        assertEquals(1, r.exitCode(), r.err() + r.out());
        assertTrue(r.out().contains("before-failing"), r.out());
        assertTrue(r.err().contains("Dockerfile:2:") && r.err().contains("returned a non-zero code: 7"), r.err());
        assertFalse(f.exists("broken"));
        assertNothingMounted();
    }

    private void assertNothingMounted() throws Exception {
        assertFalse(Files.readString(Path.of("/proc/self/mountinfo")).contains(tmp.toString()), "left mounted");
    }
}
