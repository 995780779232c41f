package dev.jrun.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jrun.image.Digest;
import dev.jrun.image.ImageConfig;
import dev.jrun.image.ImageReference;
import dev.jrun.image.Json;
import dev.jrun.store.Image;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Docker-shaped JSON views of images, for inspect and --format. */
final class ImageViews {
    private ImageViews() {
    }

    /** What {@code docker image inspect} prints for one image. */
    static Map<String, Object> inspect(Image img) {
        ImageConfig c = img.config();
        ImageConfig.ContainerConfig cc = c.configOrEmpty();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Id", img.id().toString());
        m.put("RepoTags", img.tags().stream().map(ImageReference::familiar).toList());
        m.put("RepoDigests", img.repoDigests().stream().map(ImageReference::familiar).toList());
        m.put("Parent", "");
        m.put("Comment", c.historyOrEmpty().isEmpty() ? "" : nz(c.historyOrEmpty().get(c.historyOrEmpty().size() - 1).comment()));
        m.put("Created", nz(c.created()));
        m.put("Author", nz(c.author()));
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("User", nz(cc.user()));
        config.put("ExposedPorts", cc.exposedPorts());
        config.put("Env", cc.env());
        config.put("Cmd", cc.cmd());
        config.put("Entrypoint", cc.entrypoint());
        config.put("WorkingDir", nz(cc.workingDir()));
        config.put("Volumes", cc.volumes());
        config.put("Labels", cc.labels());
        config.put("StopSignal", cc.stopSignal());
        config.put("Healthcheck", cc.healthcheck());
        config.put("OnBuild", cc.onBuild());
        config.put("Shell", cc.shell());
        m.put("Config", config);
        m.put("Architecture", nz(c.architecture()));
        if (c.variant() != null) {
            m.put("Variant", c.variant());
        }
        m.put("Os", nz(c.os()));
        m.put("Size", img.size());
        Map<String, Object> rootfs = new LinkedHashMap<>();
        rootfs.put("Type", c.rootfs().type());
        rootfs.put("Layers", c.diffIds().stream().map(Digest::toString).toList());
        m.put("RootFS", rootfs);
        m.put("Manifest", Map.of("Digest", img.manifestDigest().toString(), "MediaType",
                img.manifest().effectiveMediaType()));
        return m;
    }

    static JsonNode tree(Object view) {
        return Json.mapper().valueToTree(view);
    }

    /** One row per history entry, newest first, with the layer each non-empty entry made. */
    record HistoryRow(String id, String created, String createdBy, long size, String comment, boolean empty) {
    }

    static List<HistoryRow> history(Image img) {
        List<ImageConfig.History> hs = img.config().historyOrEmpty();
        List<HistoryRow> rows = new ArrayList<>();
        int layer = 0;
        for (ImageConfig.History h : hs) {
            long size = 0;
            if (!h.isEmptyLayer() && layer < img.manifest().layers().size()) {
                size = img.manifest().layers().get(layer++).size();
            }
            rows.add(new HistoryRow("<missing>", h.created(), nz(h.createdBy()), size, nz(h.comment()), h.isEmptyLayer()));
        }
        while (layer < img.manifest().layers().size()) {
            rows.add(new HistoryRow("<missing>", null, "", img.manifest().layers().get(layer++).size(), "", false));
        }
        java.util.Collections.reverse(rows);
        if (!rows.isEmpty()) {
            HistoryRow top = rows.get(0);
            rows.set(0, new HistoryRow(img.id().toString(), top.created(), top.createdBy(), top.size(), top.comment(),
                    top.empty()));
        }
        return rows;
    }

    static String nz(String s) {
        return s == null ? "" : s;
    }
}
