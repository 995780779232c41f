package dev.jrun.cli;

import dev.jrun.image.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "inspect", description = "Show low-level information on images, as JSON.")
class ImageInspectCommand extends StoreCommand {
    @Option(names = {"-f", "--format"}, description = "A template such as '{{.Id}}' or '{{json .Config}}'.")
    String format;

    @Parameters(arity = "1..*", paramLabel = "IMAGE")
    List<String> names;

    @Override
    int execute() {
        List<Map<String, Object>> views = new ArrayList<>();
        for (String n : names) {
            views.add(ImageViews.inspect(store().resolve(n)));
        }
        if (format != null) {
            views.forEach(v -> out().println(Template.render(format, ImageViews.tree(v))));
        } else {
            out().println(Json.pretty(views));
        }
        return 0;
    }
}
