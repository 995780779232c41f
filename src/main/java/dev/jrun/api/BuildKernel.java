package dev.jrun.api;

import dev.jrun.JrunException;
import dev.jrun.build.ContainerStepExecutor;
import dev.jrun.build.OutputTail;
import dev.jrun.build.StepExecutor;
import dev.jrun.image.Descriptor;
import dev.jrun.image.Digest;
import dev.jrun.image.ImageConfig;
import dev.jrun.image.Manifest;
import dev.jrun.image.MediaTypes;
import dev.jrun.linux.Launcher;
import dev.jrun.linux.LinuxFileSystemOps;
import dev.jrun.linux.LinuxSupport;
import dev.jrun.linux.OverlayMounter;
import dev.jrun.linux.Stdio;
import dev.jrun.runtime.EtcFiles;
import dev.jrun.runtime.RunOptions;
import dev.jrun.runtime.SpecBuilder;
import dev.jrun.runtime.spec.Spec;
import dev.jrun.store.Image;
import dev.jrun.store.ImageStore;
import dev.jrun.store.LayerStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * RUN's kernel side from linux/: layers unpacked once by the LayerStore, overlay mounts by
 * OverlayMounter, the command launched by the Launcher (host network unless --network none, as
 * buildkit without CNI; /etc/hosts, hostname, resolv.conf bound as docker does; output tailed
 * from files), opaque dirs read from xattrs. Native bindings load only when a RUN executes.
 */
public final class BuildKernel implements ContainerStepExecutor.Kernel {
    private final ImageStore store;
    private LinuxFileSystemOps ops;

    public BuildKernel(ImageStore store) {
        this.store = store;
    }

    private LinuxFileSystemOps ops() {
        if (ops == null) {
            ops = new LinuxFileSystemOps();
        }
        return ops;
    }

    @Override
    public String unavailableReason() {
        return LinuxSupport.unavailabilityCause();
    }

    @Override
    public Path layerDir(Descriptor layer, Digest chainId) {
        throw new UnsupportedOperationException("layers are unpacked all at once; see layerDirs");
    }

    @Override
    public List<Path> layerDirs(List<Descriptor> layers, List<Digest> diffIds) {
        // LayerStore unpacks by image: describe the stage's layers as one, never stored
        ImageConfig cfg = new ImageConfig(null, null, "amd64", "linux", null, null, null,
                ImageConfig.RootFs.layers(diffIds), List.of());
        Manifest m = Manifest.oci(Descriptor.of(MediaTypes.OCI_CONFIG, Digest.sha256("build"), 0), layers);
        Image img = new Image(Digest.sha256("build"), 0, m, cfg, List.of());
        return new LayerStore(store.paths(), ops()).ensure(img);
    }

    @Override
    public void mountOverlay(List<Path> lowerTopFirst, Path upper, Path work, Path target) {
        new OverlayMounter().mount(lowerTopFirst, upper, work, target);
    }

    @Override
    public void unmount(Path target) {
        new OverlayMounter().unmount(target);
    }

    @Override
    public int run(StepExecutor.RunRequest r, Path rootfs, String id, Consumer<String> output) {
        return run(r, rootfs, id, List.of(), output);
    }

    @Override
    public int run(StepExecutor.RunRequest r, Path rootfs, String id, List<StepExecutor.Mount> mounts,
                   Consumer<String> output) {
        Path dir = rootfs.getParent();
        String net = "none".equals(r.network()) ? "none" : "host";
        ImageConfig.ContainerConfig cfg = new ImageConfig.ContainerConfig(null, null, r.env(), null, r.argv(),
                null, r.workdir(), null, null, null, null, null, null);
        RunOptions o = RunOptions.defaults().withUser(r.user().isEmpty() ? null : r.user())
                .withHostname("buildkitsandbox").withNetwork(net);
        try {
            Spec spec = SpecBuilder.build(cfg, o, id, new SpecBuilder.ImageFiles(etc(rootfs, "passwd"),
                    etc(rootfs, "group")), Map.of());
            Path hostname = Files.writeString(dir.resolve("hostname"), EtcFiles.hostname("buildkitsandbox"));
            Path hosts = Files.writeString(dir.resolve("hosts"), EtcFiles.hosts(net,
                    hostFile("/etc/hosts"), "buildkitsandbox", null));
            Path resolv = Files.writeString(dir.resolve("resolv.conf"), EtcFiles.resolvConf(net,
                    hostFile("/etc/resolv.conf")));
            Path out = dir.resolve("stdout");
            Path err = dir.resolve("stderr");
            try (OutputTail tail = new OutputTail(List.of(out, err), output)) {
                Spec withEtc = EtcFiles.mounts(spec, hostname, hosts, resolv);
                return Launcher.forThisHost().run(withEtc.withMounts(runMounts(withEtc.mounts(), mounts)), rootfs, id,
                        Stdio.files(Path.of("/dev/null"), out, err));
            }
        } catch (IOException e) {
            throw new JrunException("prepare RUN container " + id + ": " + e.getMessage(), e);
        }
    }

    /** RUN --mount's mounts after the spec's own: binds resolved inside their root, tmpfs as docker's --tmpfs. */
    static List<dev.jrun.runtime.spec.Mount> runMounts(List<dev.jrun.runtime.spec.Mount> base,
                                                       List<StepExecutor.Mount> mounts) {
        List<dev.jrun.runtime.spec.Mount> all = new java.util.ArrayList<>(base);
        for (StepExecutor.Mount m : mounts) {
            if (m.type().equals("tmpfs")) {
                List<String> o = new java.util.ArrayList<>(List.of("nosuid", "nodev"));
                if (m.sizeLimit() > 0) {
                    o.add("size=" + m.sizeLimit());
                }
                all.add(new dev.jrun.runtime.spec.Mount(m.target(), "tmpfs", "tmpfs", o));
                continue;
            }
            Path source = dev.jrun.linux.RootfsPaths.resolve(m.root(), m.subpath());
            if (!Files.exists(source)) {
                throw new JrunException("RUN --mount source " + m.subpath() + " for " + m.target()
                        + " does not exist (in " + m.root() + ")");
            }
            all.add(new dev.jrun.runtime.spec.Mount(m.target(), "bind", source.toString(),
                    List.of("rbind", m.readOnly() ? "ro" : "rw", "rprivate")));
        }
        return all;
    }

    private static String etc(Path rootfs, String name) throws IOException {
        Path f = rootfs.resolve("etc").resolve(name);
        return Files.isRegularFile(f, java.nio.file.LinkOption.NOFOLLOW_LINKS) ? Files.readString(f) : null;
    }

    private static String hostFile(String path) throws IOException {
        Path f = Path.of(path);
        return Files.isReadable(f) ? Files.readString(f) : null;
    }

    @Override
    public List<String> mountPoints() {
        return List.of("etc/hostname", "etc/hosts", "etc/resolv.conf");
    }

    @Override
    public boolean isOpaque(Path dir) {
        try {
            Optional<byte[]> v = ops().getXattr(dir, "trusted.overlay.opaque");
            return v.isPresent() && v.get().length == 1 && v.get()[0] == 'y';
        } catch (IOException e) {
            throw new JrunException("read overlay xattrs of " + dir + ": " + e.getMessage(), e);
        }
    }
}
