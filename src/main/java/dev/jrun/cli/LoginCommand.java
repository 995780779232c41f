package dev.jrun.cli;

import dev.jrun.JrunException;
import dev.jrun.registry.Credentials;
import dev.jrun.registry.DockerConfig;
import dev.jrun.registry.RegistryClient;
import dev.jrun.registry.RegistryOptions;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "login", description = "Log in to a registry (checked against it, then stored like docker).")
final class LoginCommand implements Callable<Integer> {
    @Parameters(index = "0", arity = "0..1", paramLabel = "SERVER", defaultValue = "docker.io")
    String server;

    @Option(names = {"-u", "--username"}, paramLabel = "USER")
    String username;

    @Option(names = {"-p", "--password"}, paramLabel = "PASSWORD", description = "Password (insecure; see --password-stdin).")
    String password;

    @Option(names = "--password-stdin", description = "Read the password from stdin.")
    boolean passwordStdin;

    @Mixin
    RegistryFlags flags = new RegistryFlags();

    @Override
    public Integer call() {
        try {
            String registry = LogoutCommand.registryOf(server);
            Credentials c = credentials();
            RegistryOptions opts = flags.options();
            new RegistryClient(registry, opts, false, c).checkLogin();
            DockerConfig cfg = opts.config();
            cfg.put(registry, c);
            System.out.println("Login Succeeded");
            return 0;
        } catch (JrunException e) {
            Main.printError(e, false);
            return 1;
        }
    }

    private Credentials credentials() {
        Console console = System.console();
        String user = username;
        if (user == null || user.isEmpty()) {
            if (console == null) {
                throw new JrunException("Cannot perform an interactive login from a non TTY device: give --username");
            }
            user = console.readLine("Username: ");
        }
        String pass = password;
        if (passwordStdin) {
            if (pass != null) {
                throw new JrunException("--password and --password-stdin are mutually exclusive");
            }
            try {
                pass = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            } catch (IOException e) {
                throw new JrunException("read password from stdin: " + e.getMessage(), e);
            }
            pass = pass == null ? "" : pass.strip();
        } else if (pass != null) {
            System.err.println("WARNING! Using --password via the CLI is insecure. Use --password-stdin.");
        } else if (console != null) {
            pass = new String(console.readPassword("Password: "));
        }
        if (user == null || user.isEmpty() || pass == null || pass.isEmpty()) {
            throw new JrunException("login to " + server + ": username and password required");
        }
        return new Credentials(user, pass);
    }
}
