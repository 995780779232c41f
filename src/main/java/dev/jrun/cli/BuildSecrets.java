package dev.jrun.cli;

import dev.jrun.JrunException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code build --secret id=ID,src=FILE} or {@code id=ID,env=VAR} (docker buildx's forms), read into memory. */
final class BuildSecrets {
    private BuildSecrets() {
    }

    static Map<String, byte[]> parse(List<String> specs, Map<String, String> environment) {
        Map<String, byte[]> out = new LinkedHashMap<>();
        for (String spec : specs) {
            Map<String, String> f = new LinkedHashMap<>();
            for (String field : spec.split(",")) {
                int eq = field.indexOf('=');
                if (eq <= 0) {
                    throw new JrunException("--secret " + spec + ": field \"" + field + "\" is not key=value");
                }
                f.put(field.substring(0, eq).trim(), field.substring(eq + 1));
            }
            String id = f.get("id");
            String src = f.containsKey("src") ? f.get("src") : f.get("source");
            String env = f.get("env");
            if (id == null || id.isEmpty()) {
                throw new JrunException("--secret " + spec + ": id= is required");
            }
            if (src != null) {
                try {
                    out.put(id, Files.readAllBytes(Path.of(src)));
                } catch (IOException e) {
                    throw new JrunException("--secret " + spec + ": read " + src + ": " + e.getMessage(), e);
                }
            } else {
                String var = env != null ? env : id;
                String value = environment.get(var);
                if (value == null) {
                    throw new JrunException("--secret " + spec + ": environment variable " + var + " is not set"
                            + (env == null ? " (give src=FILE or env=VAR)" : ""));
                }
                out.put(id, value.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
        }
        return out;
    }
}
