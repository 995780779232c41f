package dev.jrun.cli;

import dev.jrun.JrunException;
import dev.jrun.runtime.NoSuchContainerException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;

/** {@code jrun inspect}: as docker, a name is looked up among containers first, then images. */
@Command(name = "inspect", description = "Show low-level information on containers or images, as JSON.")
final class InspectCommand extends ContainerInspectCommand {
    @Override
    int execute() {
        List<Map<String, Object>> views = new ArrayList<>();
        for (String n : names) {
            try {
                views.add(view(jrun(), jrun().containers().resolve(n)));
            } catch (NoSuchContainerException e) {
                try {
                    views.add(ImageViews.inspect(store().resolve(n)));
                } catch (JrunException e2) {
                    throw new JrunException("No such object: " + n, e2);
                }
            }
        }
        print(views);
        return 0;
    }
}
