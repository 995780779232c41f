package dev.jrun.cli;

import dev.jrun.image.ImageReference;
import dev.jrun.store.Image;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "images", description = "List images.")
class ImagesCommand extends StoreCommand {
    @Option(names = {"-q", "--quiet"}, description = "Only show image IDs.")
    boolean quiet;

    @Option(names = "--digests", description = "Show digests.")
    boolean digests;

    @Option(names = {"-a", "--all"}, description = "Show all images (jrun keeps no intermediate images; same as default).")
    boolean all;

    @Option(names = "--no-trunc", description = "Don't truncate output.")
    boolean noTrunc;

    @Option(names = "--format", description = "json, or a template such as '{{.Repository}}:{{.Tag}}'.")
    String format;

    @Parameters(arity = "0..1", paramLabel = "REPOSITORY[:TAG]")
    String filter;

    @Override
    int execute() {
        List<Image> images = store().list();
        images.sort((a, b) -> String.valueOf(b.config().created()).compareTo(String.valueOf(a.config().created())));
        if (quiet) {
            Set<String> ids = new LinkedHashSet<>();
            images.stream().filter(this::matches).forEach(i -> ids.add(id(i)));
            ids.forEach(out()::println);
            return 0;
        }
        Table t = digests ? new Table("REPOSITORY", "TAG", "DIGEST", "IMAGE ID", "CREATED", "SIZE")
                : new Table("REPOSITORY", "TAG", "IMAGE ID", "CREATED", "SIZE");
        for (Image img : images) {
            if (!matches(img)) {
                continue;
            }
            for (ImageReference ref : rows(img)) {
                Map<String, Object> row = row(img, ref);
                if (format != null) {
                    out().println(format.equals("json") ? new String(dev.jrun.image.Json.bytes(row),
                            java.nio.charset.StandardCharsets.UTF_8) : Template.render(format, ImageViews.tree(row)));
                } else if (digests) {
                    t.add((String) row.get("Repository"), (String) row.get("Tag"), (String) row.get("Digest"), id(img),
                            (String) row.get("CreatedSince"), (String) row.get("Size"));
                } else {
                    t.add((String) row.get("Repository"), (String) row.get("Tag"), id(img),
                            (String) row.get("CreatedSince"), (String) row.get("Size"));
                }
            }
        }
        if (format == null) {
            t.print(out());
        }
        return 0;
    }

    /**
     * One row per tag, plus one (TAG {@code <none>}) per repository known only by digest, as docker; an
     * image without any name is one null row.
     */
    static List<ImageReference> rows(Image img) {
        List<ImageReference> rows = new java.util.ArrayList<>(img.tags());
        for (ImageReference d : img.repoDigests()) {
            if (rows.stream().noneMatch(r -> r.name().equals(d.name()))) {
                rows.add(d);
            }
        }
        return rows.isEmpty() ? java.util.Collections.singletonList(null) : rows;
    }

    private String id(Image img) {
        return noTrunc ? img.id().toString() : img.id().shortHex();
    }

    private boolean matches(Image img) {
        if (filter == null) {
            return true;
        }
        for (ImageReference r : rows(img)) {
            if (r == null) {
                continue;
            }
            if (filter.equals(r.familiarName()) || filter.equals(r.name()) || filter.equals(r.familiar())
                    || filter.equals(r.canonical())) {
                return true;
            }
        }
        return false;
    }

    private static Map<String, Object> row(Image img, ImageReference ref) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Repository", ref == null ? "<none>" : ref.familiarName());
        m.put("Tag", ref == null || ref.tag() == null ? "<none>" : ref.tag());
        m.put("Digest", ref == null ? "<none>"
                : img.repoDigest(ref.name()).map(d -> d.digest().toString()).orElse("<none>"));
        m.put("ID", img.id().shortHex());
        m.put("CreatedAt", ImageViews.nz(img.config().created()));
        m.put("CreatedSince", Humanize.ago(img.config().created()));
        m.put("Size", Humanize.size(img.size()));
        return m;
    }
}
