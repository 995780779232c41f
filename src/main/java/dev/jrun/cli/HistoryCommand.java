package dev.jrun.cli;

import dev.jrun.store.Image;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "history", description = "Show the history of an image: one row per layer, empty ones included.")
final class HistoryCommand extends StoreCommand {
    @Option(names = "--no-trunc", description = "Don't truncate output.")
    boolean noTrunc;

    @Option(names = {"-q", "--quiet"}, description = "Only show image IDs.")
    boolean quiet;

    @Option(names = {"-H", "--human"}, negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Print sizes and dates in human readable format (default true).")
    boolean human;

    @Option(names = "--format", description = "json, or a template such as '{{.CreatedBy}}'.")
    String format;

    @Parameters(paramLabel = "IMAGE")
    String name;

    @Override
    int execute() {
        Image img = store().resolve(name);
        Table t = new Table("IMAGE", "CREATED", "CREATED BY", "SIZE", "COMMENT");
        for (ImageViews.HistoryRow r : ImageViews.history(img)) {
            String id = r.id().startsWith("sha256:") && !noTrunc ? r.id().substring(7, 19) : r.id();
            if (quiet) {
                out().println(id);
                continue;
            }
            String createdBy = noTrunc ? r.createdBy() : Humanize.truncate(r.createdBy(), 45);
            String created = human ? Humanize.ago(r.created()) : ImageViews.nz(r.created());
            String size = human ? Humanize.size(r.size()) : Long.toString(r.size());
            if (format != null) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("ID", id);
                m.put("CreatedAt", ImageViews.nz(r.created()));
                m.put("CreatedSince", Humanize.ago(r.created()));
                m.put("CreatedBy", r.createdBy());
                m.put("Size", size);
                m.put("Comment", r.comment());
                m.put("EmptyLayer", r.empty());
                out().println(format.equals("json") ? new String(dev.jrun.image.Json.bytes(m),
                        java.nio.charset.StandardCharsets.UTF_8) : Template.render(format, ImageViews.tree(m)));
            } else {
                t.add(id, created, createdBy, size, r.comment());
            }
        }
        if (!quiet && format == null) {
            t.print(out());
        }
        return 0;
    }
}
