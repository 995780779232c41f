package dev.jrun.api;

import dev.jrun.image.ImageConfig;
import dev.jrun.runtime.Container;
import dev.jrun.runtime.ContainerRecord;
import dev.jrun.runtime.ContainerStore;
import dev.jrun.runtime.RunOptions;
import dev.jrun.runtime.SpecBuilder;
import dev.jrun.store.Image;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** {@code jrun create}: a container record on an image, its layers unpacked, nothing running yet. */
public final class ContainerFactory {
    private final Jrun jrun;

    ContainerFactory(Jrun jrun) {
        this.jrun = jrun;
    }

    /** What docker create takes that the record keeps. */
    public record Request(String image, String name, List<String> command, List<String> entrypoint,
                          List<String> env, String workdir, String user, String hostname, boolean autoRemove) {
        public Request {
            command = command == null ? List.of() : List.copyOf(command);
            env = env == null ? List.of() : List.copyOf(env);
        }
    }

    public Container create(Request r) {
        return create(r, Map.of());
    }

    /** As {@link #create(Request)}, with labels added to the image's (the embeddable API marks its owner so). */
    public Container create(Request r, Map<String, String> labels) {
        Image img = jrun.images().resolve(r.image());
        jrun.layers().ensure(img);
        ImageConfig.ContainerConfig cc = img.config().configOrEmpty();
        List<String> argv = SpecBuilder.args(cc, RunOptions.defaults().withCommand(r.command())
                .withEntrypoint(r.entrypoint() == null ? null : String.join(" ", r.entrypoint())));
        List<String> env = new ArrayList<>(cc.env() == null ? List.of() : cc.env());
        for (String e : r.env()) {
            String key = e.contains("=") ? e.substring(0, e.indexOf('=')) : e;
            env.removeIf(x -> x.startsWith(key + "="));
            env.add(e);
        }
        String id = ContainerStore.newId();
        ContainerRecord rec = new ContainerRecord(id, r.name(), img.id().toString(), r.image(),
                dev.jrun.runtime.Timestamps.nowMillis(), argv.isEmpty() ? null : argv.get(0),
                argv.size() > 1 ? argv.subList(1, argv.size()) : List.of(), env,
                r.workdir() != null ? r.workdir() : cc.workingDir(), r.user() != null ? r.user() : cc.user(),
                r.hostname() != null ? r.hostname() : id.substring(0, 12), withLabels(cc.labels(), labels), cc.stopSignal(),
                ContainerFilesystem.chainIds(img.config().diffIds()), r.autoRemove());
        return jrun.containers().create(rec);
    }

    private static Map<String, String> withLabels(Map<String, String> image, Map<String, String> added) {
        if (added.isEmpty()) {
            return image;
        }
        Map<String, String> all = new HashMap<>(image == null ? Map.of() : image);
        all.putAll(added);
        return all;
    }
}
