package dev.jrun.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrun.cli.CliRunner;
import dev.jrun.image.ImageConfig;
import dev.jrun.store.Image;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each metadata instruction's effect on the image config, and the history it writes. */
class BuildConfigTest {
    @TempDir
    Path tmp;

    @Test
    void everyMetadataInstructionLandsInTheConfig() throws Exception {
        BuildFixture f = new BuildFixture(tmp);
        f.dockerfile("""
                FROM base
                ENV A=1 B="two words"
                ENV C=${A}x
                LABEL org.example.v="$A" other=y
                EXPOSE 5000 53/udp 8000-8001
                USER app:staff
                WORKDIR /srv
                WORKDIR data
                VOLUME ["/var/data", "/cache"]
                STOPSIGNAL SIGTERM
                HEALTHCHECK --interval=30s --retries=3 CMD wget -q localhost
                ONBUILD COPY . /app
                SHELL ["/bin/bash", "-c"]
                CMD echo $HOME
                ENTRYPOINT ["/entry"]
                MAINTAINER someone
                """);
        CliRunner.Result r = f.build("-t", "meta");
        assertEquals(0, r.exitCode(), r.err() + r.out());
        Image img = f.image("meta");
        ImageConfig.ContainerConfig c = img.config().config();
        assertEquals(List.of("PATH=/usr/bin:/bin", "A=1", "B=two words", "C=1x"), c.env());
        assertEquals(Map.of("org.example.v", "1", "other", "y"), c.labels());
        assertEquals(List.of("5000/tcp", "53/udp", "8000/tcp", "8001/tcp"), List.copyOf(c.exposedPorts().keySet()));
        assertEquals("app:staff", c.user());
        assertEquals("/srv/data", c.workingDir());
        assertEquals(List.of("/cache", "/var/data"), List.copyOf(c.volumes().keySet()));
        assertEquals("SIGTERM", c.stopSignal());
        assertEquals(List.of("CMD-SHELL", "wget -q localhost"), c.healthcheck().get("Test"));
        assertEquals(30_000_000_000L, ((Number) c.healthcheck().get("Interval")).longValue());
        assertEquals(3, ((Number) c.healthcheck().get("Retries")).intValue());
        assertEquals(List.of("COPY . /app"), c.onBuild());
        assertEquals(List.of("/bin/bash", "-c"), c.shell());
        assertEquals(List.of("/bin/bash", "-c", "echo $HOME"), c.cmd(), "shell form through SHELL, not expanded");
        assertEquals(List.of("/entry"), c.entrypoint());
        assertEquals("someone", img.config().author());
        // WORKDIR created /srv and /srv/data in layers (missing in base); everything else is metadata
        assertEquals(3, img.manifest().layers().size());
        List<ImageConfig.History> h = img.config().history();
        assertEquals("ENV A=1 B=two words", h.get(1).createdBy());
        assertTrue(h.get(1).isEmptyLayer());
        assertEquals("WORKDIR /srv", h.get(6).createdBy());
        assertNull(h.get(6).emptyLayer());
        long nonEmpty = h.stream().filter(x -> !x.isEmptyLayer()).count();
        assertEquals(img.manifest().layers().size(), nonEmpty, "one non-empty history entry per layer");
    }

    @Test
    void entrypointResetsInheritedCmdButKeepsOwn() throws Exception {
        BuildFixture f = new BuildFixture(tmp);
        f.dockerfile("FROM base\nENTRYPOINT [\"/e\"]\n");
        assertEquals(0, f.build("-t", "e1").exitCode());
        assertNull(f.image("e1").config().config().cmd(), "inherited CMD sh is reset by ENTRYPOINT");
        f.dockerfile("FROM base\nCMD [\"x\"]\nENTRYPOINT /e arg\n");
        assertEquals(0, f.build("-t", "e2").exitCode());
        assertEquals(List.of("x"), f.image("e2").config().config().cmd());
        assertEquals(List.of("/bin/sh", "-c", "/e arg"), f.image("e2").config().config().entrypoint());
    }

    @Test
    void workdirThatExistsAddsNoLayer() throws Exception {
        BuildFixture f = new BuildFixture(tmp);
        f.dockerfile("FROM base\nWORKDIR /tmp\nWORKDIR /lib\n");
        assertEquals(0, f.build("-t", "w").exitCode());
        Image img = f.image("w");
        assertEquals(1, img.manifest().layers().size(), "/tmp exists, /lib is a symlink to a directory");
        assertEquals("/lib", img.config().config().workingDir());
    }

    @Test
    void onbuildTriggersRunInTheChildBuildAndAreNotInherited() throws Exception {
        BuildFixture f = new BuildFixture(tmp);
        f.dockerfile("FROM base\nONBUILD COPY hello.txt /from-trigger.txt\nONBUILD ENV TRIGGERED=yes\n");
        f.write("hello.txt", "hi\n");
        assertEquals(0, f.build("-t", "parent").exitCode());
        f.dockerfile("FROM parent\nCMD [\"x\"]\n");
        CliRunner.Result r = f.build("-t", "child");
        assertEquals(0, r.exitCode(), r.err());
        Image child = f.image("child");
        assertTrue(child.config().config().env().contains("TRIGGERED=yes"));
        assertNull(child.config().config().onBuild());
        assertEquals("hi\n", f.layer(child, -1).get("from-trigger.txt").content());
    }

    @Test
    void labelOptionAndQuietOutput() throws Exception {
        BuildFixture f = new BuildFixture(tmp);
        f.dockerfile("FROM base\nLABEL a=1\n");
        CliRunner.Result r = f.build("-q", "--label", "b=2", "-t", "q");
        assertEquals(0, r.exitCode(), r.err());
        Image img = f.image("q");
        assertEquals(img.id() + "\n", r.out());
        assertEquals(Map.of("a", "1", "b", "2"), img.config().config().labels());
    }
}
