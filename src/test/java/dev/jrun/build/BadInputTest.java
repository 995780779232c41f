package dev.jrun.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jrun.JrunException;
import dev.jrun.cli.CliRunner;
import dev.jrun.dockerfile.DockerfileSyntaxException;
import dev.jrun.image.ImageReference;
import java.util.ArrayList;
import java.util.List;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every bad input stops the build with exit 1, the message names the line, and nothing is tagged. */
class BadInputTest {
    @TempDir
    Path tmp;

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "unknown instruction|FROM base\\nFOOBAR x\\n|2|unknown instruction: FOOBAR",
        "bad JSON form|FROM base\\nCOPY [\"a\", /x]\\n|2|",
        "copy outside context|FROM base\\nCOPY ../secret /x\\n|2|forbidden path outside the build context: ../secret",
        "copy missing|FROM base\\nCOPY nothere.txt /x\\n|2|file not found in build context",
        "arg without value in FROM|ARG BASE\\nFROM $BASE\\n|2|base name ($BASE) should not be blank: ARG BASE has no value",
        "arg without value in COPY|FROM base\\nARG SRC\\nCOPY $SRC /x\\n|3|COPY source is empty after expansion",
        "unknown stage|FROM base\\nCOPY --from=NoStage /x /y\\n|2|no build stage and no image named NoStage",
        "unknown user|FROM base\\nCOPY --chown=nobody Dockerfile /x\\n|2|unable to find user nobody",
        "several sources need a dir|FROM base\\nCOPY Dockerfile Dockerfile /x\\n|2|must be a directory and end with a /",
        "platform mismatch|FROM --platform=linux/s390x base\\n|1|does not match",
    })
    void failsWithTheLineAndTagsNothing(String name, String dockerfile, int line, String message) throws Exception {
        BuildFixture f = new BuildFixture(tmp);
        f.dockerfile(dockerfile.replace("\\n", "\n"));
        CliRunner.Result r = f.build("-t", "bad:1");
        assertEquals(1, r.exitCode(), r.err() + r.out());
        assertTrue(r.err().contains("Dockerfile:" + line + ":"), r.err());
        if (message != null) {
            assertTrue(r.err().contains(message), r.err());
        }
        assertTrue(r.err().contains(line + " | "), "shows the source line: " + r.err());
        assertFalse(f.exists("bad:1"));
    }

    @Test
    void runWhereContainersCannotStartNamesTheLineAndTheReason() throws Exception {
        BuildFixture f = new BuildFixture(tmp);
        f.dockerfile("FROM base\nRUN echo hi\n");
        Builder b = new Builder(f.store(), BuildProgress.quiet(), StepExecutor.unavailable("clone3 is missing"));
        DockerfileSyntaxException e = assertThrows(DockerfileSyntaxException.class,
                () -> b.build(BuildOptions.of(f.context).withTags(List.of(ImageReference.parse("bad:1")))));
        assertEquals(2, e.line());
        assertTrue(e.getMessage().contains("RUN is not available: clone3 is missing"), e.getMessage());
        assertFalse(f.exists("bad:1"));
    }

    @Test
    void unknownTargetFailsWithExitOne() throws Exception {
        BuildFixture f = new BuildFixture(tmp);
        f.dockerfile("FROM base AS one\n");
        CliRunner.Result r = f.build("--target", "two", "-t", "bad:1");
        assertEquals(1, r.exitCode());
        assertTrue(r.err().contains("target stage \"two\" could not be found (stages: one)"), r.err());
        assertFalse(f.exists("bad:1"));
    }

    @Test
    void missingImageIsPulledAndAPullFailureNamesTheLine() throws Exception {
        BuildFixture f = new BuildFixture(tmp);
        f.dockerfile("FROM base\nCOPY --from=other:1 /x /y\n");
        List<String> asked = new ArrayList<>();
        Builder b = new Builder(f.store(), BuildProgress.quiet(), StepExecutor.unavailable("no"), (ref, p) -> {
            asked.add(ref);
            throw new JrunException("connection refused");
        });
        DockerfileSyntaxException e = assertThrows(DockerfileSyntaxException.class,
                () -> b.build(BuildOptions.of(f.context).withTags(List.of(ImageReference.parse("bad:1")))));
        assertEquals(List.of("other:1"), asked, "base is in the store, so only the missing image is pulled");
        assertEquals(2, e.line());
        assertTrue(e.getMessage().contains("image other:1 is not in the store and pulling it failed: "
                + "connection refused"), e.getMessage());
        assertFalse(f.exists("bad:1"));
    }

    @Test
    void pullOptionPullsEvenWhatTheStoreHas() throws Exception {
        BuildFixture f = new BuildFixture(tmp);
        f.dockerfile("FROM base\n");
        List<String> asked = new ArrayList<>();
        Builder b = new Builder(f.store(), BuildProgress.quiet(), StepExecutor.unavailable("no"), (ref, p) -> {
            asked.add(ref + " " + p);
            return f.store().resolve(ref);
        });
        b.build(BuildOptions.of(f.context).withPull(true));
        assertEquals(List.of("base " + dev.jrun.image.Platform.host()), asked);
    }

    @Test
    void failureAfterCachedStepsKeepsTheOldTag() throws Exception {
        BuildFixture f = new BuildFixture(tmp);
        f.write("a", "a");
        f.dockerfile("FROM base\nCOPY a /a\n");
        assertEquals(0, f.build("-t", "app").exitCode());
        var before = f.image("app").id();
        f.dockerfile("FROM base\nCOPY a /a\nCOPY missing /m\n");
        assertEquals(1, f.build("-t", "app").exitCode());
        assertEquals(before, f.image("app").id());
    }
}
