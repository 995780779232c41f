import dev.jrun.embed.ContainerSpec;
import dev.jrun.embed.Jrun;
import dev.jrun.embed.Network;
import dev.jrun.embed.RunningContainer;
import dev.jrun.embed.Wait;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * scripts/bench/api's measuring half (run by the single-file source launcher, so it is not in the jar):
 * start() to ready (port open) for busybox httpd through the embeddable API, against podman run -d and
 * the same port wait, interleaved in one JVM; on the host network, then on the bridge (jrun's CNI bridge with
 * portmap against podman's netavark, -p to a host port).
 * usage: java -cp JARS ApiBench.java STORE RUNS -- PODMAN_COMMAND...
 */
public class ApiBench {
    public static void main(String[] args) throws Exception {
        Path root = Path.of(args[0]);
        int runs = Integer.parseInt(args[1]);
        List<String> podman = List.of(args).subList(3, args.length);
        try (Jrun jrun = Jrun.withRoot(root)) {
            long first = api(jrun, Network.HOST);
            System.out.printf("api first start (cold JVM, classes loading, layer unpack)  %5d ms%n", first / 1_000_000);
            for (Network net : List.of(Network.HOST, Network.BRIDGE)) {
                for (int i = 0; i < 3; i++) {
                    api(jrun, net);
                    podman(podman, net, "jrun-bench-warm" + i);
                }
                List<Long> a = new ArrayList<>();
                List<Long> p = new ArrayList<>();
                for (int i = 0; i < runs; i++) {
                    a.add(api(jrun, net));
                    p.add(podman(podman, net, "jrun-bench-" + i));
                }
                String n = net.mode();
                System.out.printf("%-6s api start() to port open      median %5d ms  (min %d, max %d, %d runs)%n", n,
                        median(a) / 1_000_000, Collections.min(a) / 1_000_000, Collections.max(a) / 1_000_000, runs);
                System.out.printf("%-6s podman run -d + port wait     median %5d ms  (min %d, max %d, %d runs)%n", n,
                        median(p) / 1_000_000, Collections.min(p) / 1_000_000, Collections.max(p) / 1_000_000, runs);
                System.out.printf("%-6s api/podman %.2fx%n", n, (double) median(a) / median(p));
            }
        }
    }

    static long api(Jrun jrun, Network net) throws IOException {
        int port = net == Network.HOST ? freePort() : 8080;
        long t0 = System.nanoTime();
        RunningContainer c = jrun.start(ContainerSpec.of("busybox:latest").withNetwork(net)
                .withCommand("httpd", "-f", "-p", Integer.toString(port)).publish(port)
                .waitingFor(Wait.forListeningPort()));
        long t = System.nanoTime() - t0;
        c.close();
        return t;
    }

    static long podman(List<String> podman, Network net, String name) throws Exception {
        int port = freePort();
        List<String> run = new ArrayList<>(podman);
        run.addAll(List.of("run", "-d", "--name", name));
        run.addAll(net == Network.HOST ? List.of("--network", "host") : List.of("-p", port + ":8080"));
        run.addAll(List.of("localhost/busybox", "httpd", "-f", "-p", net == Network.HOST ? Integer.toString(port) : "8080"));
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(run).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        if (p.waitFor() != 0) {
            throw new IllegalStateException("podman run failed: " + run);
        }
        while (!open(port)) {
            Thread.sleep(10); // as Wait.forListeningPort polls
        }
        long t = System.nanoTime() - t0;
        List<String> rm = new ArrayList<>(podman);
        rm.addAll(List.of("rm", "-f", "-t", "0", name));
        new ProcessBuilder(rm).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.INHERIT).start().waitFor();
        return t;
    }

    static boolean open(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    static long median(List<Long> xs) {
        List<Long> s = new ArrayList<>(xs);
        Collections.sort(s);
        return s.get(s.size() / 2);
    }
}
