package dev.jrun.cli;

import dev.jrun.api.Reconciler;
import dev.jrun.runtime.Container;
import java.time.Instant;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "start", description = "Start created or stopped containers, detached, on their existing writable layer.")
final class StartCommand extends ContainersCommand {
    @Option(names = {"-a", "--attach"}, description = "Print the container's output until it exits; exit with its code.")
    boolean attach;

    @Parameters(arity = "1..*", paramLabel = "CONTAINER")
    List<String> names;

    @Override
    int execute() throws Exception {
        if (attach && names.size() > 1) {
            throw new dev.jrun.JrunException("you cannot start and attach multiple containers at once");
        }
        Instant since = Instant.now();
        int rc = forEach(names, n -> {
            Container c = jrun().containers().resolve(n);
            if (!Reconciler.alive(c.state())) {
                jrun().detacher().start(c);
            }
            if (!attach) {
                out().println(n);
            }
        });
        if (attach && rc == 0) {
            Container c = jrun().containers().resolve(names.get(0));
            new LogsCommand.Reader(jrun(), c.id(), since, null, false, out()).print(-1, true);
            return jrun().lifecycle().waitExit(c.id());
        }
        return rc;
    }
}
