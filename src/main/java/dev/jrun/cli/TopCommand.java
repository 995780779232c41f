package dev.jrun.cli;

import dev.jrun.JrunException;
import dev.jrun.api.Reconciler;
import dev.jrun.runtime.Container;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code jrun top}: the container's processes, as the host's ps shows them (docker runs {@code ps -ef} too).
 * They are PID 1 and its descendants: every process of a PID namespace descends from its init.
 */
@Command(name = "top", description = "Display the running processes of a container (host ps -f, or PS_OPTIONS).")
final class TopCommand extends StoreCommand {
    @Parameters(index = "0", paramLabel = "CONTAINER")
    String name;

    @Parameters(index = "1..*", paramLabel = "PS_OPTIONS", description = "ps options (default -f).")
    List<String> psOptions = new ArrayList<>();

    @Override
    int execute() throws IOException, InterruptedException {
        Container c = jrun().containers().resolve(name);
        if (!Reconciler.alive(c.state())) {
            throw new JrunException("container " + name + " is not running");
        }
        ProcessHandle init = ProcessHandle.of(c.state().pid()).orElseThrow(
                () -> new JrunException("container " + name + " is not running"));
        List<Long> pids = new ArrayList<>(List.of(init.pid()));
        init.descendants().forEach(p -> pids.add(p.pid()));
        List<String> cmd = new ArrayList<>(List.of("ps"));
        cmd.addAll(psOptions.isEmpty() ? List.of("-f") : psOptions);
        cmd.addAll(List.of("-p", pids.stream().map(String::valueOf).collect(Collectors.joining(","))));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int rc = p.waitFor();
        if (rc != 0 && !text.lines().skip(1).findAny().isPresent()) {
            throw new JrunException("ps " + String.join(" ", cmd.subList(1, cmd.size())) + " failed: " + text.strip());
        }
        out().print(text);
        return 0;
    }
}
