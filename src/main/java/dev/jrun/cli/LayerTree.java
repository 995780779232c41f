package dev.jrun.cli;

import dev.jrun.image.ChainId;
import dev.jrun.image.Digest;
import dev.jrun.image.ImageConfig;
import dev.jrun.store.Image;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The picture of an image's layer stack: base at the bottom, each layer a box with its size, the
 * instruction that made it and how many other local images share it (same ChainID: the same layer on
 * the same layers below). Instructions that made no layer are written between the boxes.
 */
final class LayerTree {
    private final boolean ascii;

    LayerTree(boolean ascii) {
        this.ascii = ascii;
    }

    /** One box: a layer and the metadata-only instructions that came after it. */
    private record Level(int number, Digest diffId, long size, String createdBy, int sharedWith, List<String> after) {
    }

    String render(Image img, List<Image> all) {
        List<Digest> chain = ChainId.of(img.config().diffIds());
        Map<Digest, Integer> users = new HashMap<>();
        for (Image other : all) {
            if (!other.id().equals(img.id())) {
                ChainId.of(other.config().diffIds()).stream().distinct().forEach(c -> users.merge(c, 1, Integer::sum));
            }
        }
        List<Level> levels = new ArrayList<>();
        List<String> pendingBefore = new ArrayList<>();
        int layer = 0;
        for (ImageConfig.History h : img.config().historyOrEmpty()) {
            String what = h.createdBy() == null ? "" : clean(h.createdBy());
            if (h.isEmptyLayer()) {
                if (levels.isEmpty()) {
                    pendingBefore.add(what);
                } else {
                    levels.get(levels.size() - 1).after().add(what);
                }
            } else if (layer < chain.size()) {
                levels.add(level(img, layer, what, users.getOrDefault(chain.get(layer), 0)));
                layer++;
            }
        }
        while (layer < chain.size()) {
            levels.add(level(img, layer, "", users.getOrDefault(chain.get(layer), 0)));
            layer++;
        }
        return draw(img, levels, pendingBefore);
    }

    private static Level level(Image img, int i, String createdBy, int shared) {
        return new Level(i + 1, img.config().diffIds().get(i), img.manifest().layers().get(i).size(), createdBy, shared,
                new ArrayList<>());
    }

    private String draw(Image img, List<Level> levels, List<String> beforeFirst) {
        int width = 72;
        String h = ascii ? "-" : "─";
        String v = ascii ? "|" : "│";
        StringBuilder sb = new StringBuilder();
        sb.append(img.familiarTag()).append("  ").append(img.id().shortHex()).append("  ")
                .append(levels.size()).append(levels.size() == 1 ? " layer, " : " layers, ")
                .append(Humanize.size(img.size())).append('\n');
        for (int i = levels.size() - 1; i >= 0; i--) {
            Level l = levels.get(i);
            for (int j = l.after().size() - 1; j >= 0; j--) {
                sb.append("    ").append(ascii ? "+ " : "▲ ").append(Humanize.truncate(l.after().get(j), width - 6))
                        .append("   (config only, no layer)\n");
            }
            String top = i == levels.size() - 1 ? (ascii ? "+" : "┌") : (ascii ? "+" : "├");
            String topEnd = i == levels.size() - 1 ? (ascii ? "+" : "┐") : (ascii ? "+" : "┤");
            sb.append(top).append(h.repeat(width)).append(topEnd).append('\n');
            String head = String.format(" %2d  %s  %8s  ", l.number(), l.diffId().shortHex(), Humanize.size(l.size()));
            String text = head + Humanize.truncate(l.createdBy(), width - head.length() - 1);
            sb.append(v).append(pad(text, width)).append(v).append("  ").append(shared(l.sharedWith())).append('\n');
        }
        if (!levels.isEmpty()) {
            sb.append(ascii ? "+" : "└").append(h.repeat(width)).append(ascii ? "+" : "┘").append('\n');
            sb.append("  base\n");
        }
        for (String s : beforeFirst) {
            sb.append("    (before the first layer) ").append(s).append('\n');
        }
        return sb.toString();
    }

    private static String shared(int n) {
        return n == 0 ? "only this image" : "shared with " + n + (n == 1 ? " other image" : " other images");
    }

    private static String pad(String s, int width) {
        return s.length() >= width ? s.substring(0, width) : s + " ".repeat(width - s.length());
    }

    /** Drops docker's "/bin/sh -c #(nop) " prefix, which says nothing to a reader. */
    static String clean(String createdBy) {
        return createdBy.replaceFirst("^/bin/sh -c #\\(nop\\)\\s+", "").replaceAll("\\s+", " ").trim();
    }
}
