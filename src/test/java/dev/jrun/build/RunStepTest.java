package dev.jrun.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrun.dockerfile.DockerfileSyntaxException;
import dev.jrun.image.Descriptor;
import dev.jrun.image.Digest;
import dev.jrun.image.ImageReference;
import dev.jrun.store.Image;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * RUN's plumbing with a recording kernel (no root): what the container gets (layers top first, argv
 * through SHELL, env with ARGs and ENV, workdir, user), the upper dir becoming the layer, cache reuse,
 * and a failing command stopping the build with its code and line.
 */
class RunStepTest {
    @TempDir
    Path tmp;

    /** Mounts nothing; "runs" by writing the command line into the upper dir. */
    static final class RecordingKernel implements ContainerStepExecutor.Kernel {
        final List<StepExecutor.RunRequest> runs = new ArrayList<>();
        final List<List<StepExecutor.Mount>> mounts = new ArrayList<>();
        final List<List<Path>> lowers = new ArrayList<>();
        int exitCode;
        boolean mounted;

        @Override
        public String unavailableReason() {
            return null;
        }

        @Override
        public Path layerDir(Descriptor layer, Digest chainId) {
            return Path.of("/layers", chainId.hex());
        }

        @Override
        public void mountOverlay(List<Path> lowerTopFirst, Path upper, Path work, Path target) {
            lowers.add(lowerTopFirst);
            mounted = true;
        }

        @Override
        public void unmount(Path target) {
            mounted = false;
        }

        @Override
        public int run(StepExecutor.RunRequest request, Path rootfs, String id, List<StepExecutor.Mount> m,
                       Consumer<String> output) {
            mounts.add(m);
            return run(request, rootfs, id, output);
        }

        @Override
        public int run(StepExecutor.RunRequest request, Path rootfs, String id, Consumer<String> output) {
            runs.add(request);
            output.accept("running " + request.argv());
            try {
                Path upper = rootfs.resolveSibling("upper");
                Files.createDirectories(upper.resolve("out"));
                Files.writeString(upper.resolve("out/cmd.txt"), String.join(" ", request.argv()));
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
            return exitCode;
        }
    }

    @Test
    void runSeesTheStageAndItsChangesBecomeALayer() throws Exception {
        BuildFixture f = new BuildFixture(tmp);
        f.dockerfile("""
                FROM base
                ARG FLAVOR=plain
                ENV MODE=prod
                WORKDIR /srv
                USER app
                RUN echo $FLAVOR > /out/cmd.txt
                RUN ["/bin/true", "x"]
                """);
        RecordingKernel k = new RecordingKernel();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Builder b = new Builder(f.store(), new BuildProgress(new PrintStream(out, true), BuildProgress.Mode.PLAIN),
                new ContainerStepExecutor(k, f.store().blobs()));
        Image img = b.build(BuildOptions.of(f.context).withTags(List.of(ImageReference.parse("r"))));
        assertEquals(2, k.runs.size());
        StepExecutor.RunRequest first = k.runs.get(0);
        assertEquals(List.of("/bin/sh", "-c", "echo $FLAVOR > /out/cmd.txt"), first.argv());
        assertTrue(first.env().contains("FLAVOR=plain") && first.env().contains("MODE=prod"), first.env().toString());
        assertEquals("/srv", first.workdir());
        assertEquals("app", first.user());
        assertEquals(2, k.lowers.get(0).size(), "base layer + WORKDIR layer");
        assertEquals(List.of("/bin/true", "x"), k.runs.get(1).argv());
        assertFalse(k.mounted, "unmounted after the run");
        assertTrue(out.toString().contains("running [/bin/sh, -c, echo $FLAVOR > /out/cmd.txt]"), out.toString());
        assertEquals("/bin/sh -c echo $FLAVOR > /out/cmd.txt", f.layer(img, -2).get("out/cmd.txt").content());
        assertEquals("RUN /bin/sh -c echo $FLAVOR > /out/cmd.txt", img.config().history().get(4).createdBy());
        // cached the second time: the kernel is not asked again
        b.build(BuildOptions.of(f.context));
        assertEquals(2, k.runs.size());
        // a changed ARG value reruns the RUN
        b.build(BuildOptions.of(f.context).withBuildArgs(java.util.Map.of("FLAVOR", "spicy")));
        assertEquals(4, k.runs.size());
        assertTrue(k.runs.get(2).env().contains("FLAVOR=spicy"));
    }

    @Test
    void failingRunStopsTheBuildWithItsCodeAndTagsNothing() throws Exception {
        BuildFixture f = new BuildFixture(tmp);
        f.dockerfile("FROM base\nRUN exit 3\n");
        RecordingKernel k = new RecordingKernel();
        k.exitCode = 3;
        Builder b = new Builder(f.store(), BuildProgress.quiet(), new ContainerStepExecutor(k, f.store().blobs()));
        DockerfileSyntaxException e = assertThrows(DockerfileSyntaxException.class,
                () -> b.build(BuildOptions.of(f.context).withTags(List.of(ImageReference.parse("failed")))));
        assertEquals(2, e.line());
        assertTrue(e.getMessage().contains("returned a non-zero code: 3"), e.getMessage());
        assertEquals(1, e.exitCode());
        assertFalse(f.exists("failed"));
        try (var s = Files.list(f.root.resolve("tmp"))) {
            assertEquals(0, s.filter(p -> p.getFileName().toString().startsWith("run-")).count(), "scratch removed");
        }
        k.exitCode = 0;
        b.build(BuildOptions.of(f.context));
        assertEquals(2, k.runs.size(), "the failed step was not cached");
    }

    @Test
    void heredocRunsAsBuildkitDoes() throws Exception {
        BuildFixture f = new BuildFixture(tmp);
        f.dockerfile("FROM base\nRUN <<EOF\necho hi\necho two\nEOF\nRUN python3 <<EOF\nprint(1)\nEOF\n");
        RecordingKernel k = new RecordingKernel();
        new Builder(f.store(), BuildProgress.quiet(), new ContainerStepExecutor(k, f.store().blobs()))
                .build(BuildOptions.of(f.context));
        assertEquals(List.of("/bin/sh", "-c", "echo hi\necho two\n"), k.runs.get(0).argv());
        assertEquals(List.of("/bin/sh", "-c", "python3 <<EOF\nprint(1)\nEOF\n"), k.runs.get(1).argv());
    }

    @Test
    void sshMountIsRefusedWithTheLine() throws Exception {
        BuildFixture f = new BuildFixture(tmp);
        f.dockerfile("FROM base\nRUN --mount=type=ssh true\n");
        RecordingKernel k = new RecordingKernel();
        DockerfileSyntaxException e = assertThrows(DockerfileSyntaxException.class, () -> new Builder(f.store(),
                BuildProgress.quiet(), new ContainerStepExecutor(k, f.store().blobs())).build(BuildOptions.of(f.context)));
        assertEquals(2, e.line());
        assertTrue(e.getMessage().contains("type=ssh"), e.getMessage());
    }

    @Test
    void mountsReachTheKernelAndTheirSpecEntersTheCacheKey() throws Exception {
        BuildFixture f = new BuildFixture(tmp);
        f.write("in.txt", "x");
        f.dockerfile("FROM base\nWORKDIR /w\nRUN --mount=type=cache,target=c,uid=1000 --mount=type=tmpfs,target=/t"
                + " --mount=source=in.txt,target=/in true\n");
        RecordingKernel k = new RecordingKernel();
        Builder builder = new Builder(f.store(), BuildProgress.quiet(), new ContainerStepExecutor(k, f.store().blobs()));
        builder.build(BuildOptions.of(f.context));
        List<StepExecutor.Mount> ms = k.mounts.get(0);
        assertEquals(List.of("/w/c", "/t", "/in"), ms.stream().map(StepExecutor.Mount::target).toList());
        Path cache = ms.get(0).root();
        assertTrue(cache.startsWith(f.store().paths().buildCache()), cache.toString());
        assertEquals(1000, Files.getAttribute(cache, "unix:uid"));
        assertEquals("tmpfs", ms.get(1).type());
        assertEquals(f.context, ms.get(2).root());
        assertTrue(ms.get(2).readOnly(), "a bind is read-only by default");
        builder.build(BuildOptions.of(f.context));
        assertEquals(1, k.runs.size(), "same mounts: cached");
        f.write("in.txt", "y");
        builder.build(BuildOptions.of(f.context));
        assertEquals(2, k.runs.size(), "the bound file changed: rebuilt");
        f.dockerfile("FROM base\nWORKDIR /w\nRUN --mount=type=cache,target=d,uid=1000 --mount=type=tmpfs,target=/t"
                + " --mount=source=in.txt,target=/in true\n");
        builder.build(BuildOptions.of(f.context));
        assertEquals(3, k.runs.size(), "another cache target: rebuilt");
    }
}
