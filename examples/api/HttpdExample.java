import dev.jrun.embed.BuildSpec;
import dev.jrun.embed.ContainerSpec;
import dev.jrun.embed.ExecResult;
import dev.jrun.embed.Jrun;
import dev.jrun.embed.RunningContainer;
import dev.jrun.embed.Wait;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The README's example, runnable from the checkout after make build fixtures (as root):
 *   java -cp 'target/jrun.jar:target/lib/*' examples/api/HttpdExample.java
 * Loads busybox into a temporary store, builds examples/app, serves it with httpd, fetches a page, execs,
 * reads the logs; everything is removed at the end.
 */
public class HttpdExample {
    public static void main(String[] args) throws Exception {
        Path store = Files.createTempDirectory("jrun-example");
        try (Jrun jrun = Jrun.withRoot(store)) {
            jrun.images().load(Path.of("rootfs-fixtures/build/busybox.tar"));
            String id = jrun.images().build(BuildSpec.of(Path.of("examples/app")).withTag("example/app")
                    .onProgress(line -> System.out.println("build | " + line)));
            System.out.println("built " + id);

            int port;
            try (ServerSocket s = new ServerSocket(0)) {
                port = s.getLocalPort(); // host network for now: pick a free host port
            }
            ContainerSpec spec = ContainerSpec.of("example/app")
                    .withCommand("httpd", "-f", "-v", "-h", "/app/www", "-p", Integer.toString(port))
                    .publish(port)
                    .waitingFor(Wait.forHttp("/").forStatusCode(200));
            try (RunningContainer web = jrun.start(spec)) {
                URI uri = URI.create("http://" + web.host() + ":" + web.mappedPort(port) + "/");
                HttpResponse<String> page = HttpClient.newHttpClient()
                        .send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
                System.out.println("GET " + uri + " -> " + page.statusCode() + "\n" + page.body());
                ExecResult ls = web.exec("ls", "/app/www");
                System.out.println("exec ls /app/www -> " + ls.exitCode() + ": " + ls.stdout().strip());
                System.out.println("logs:\n" + web.logs());
            }
        } finally {
            try (var walk = Files.walk(store)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
