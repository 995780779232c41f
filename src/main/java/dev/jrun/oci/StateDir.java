package dev.jrun.oci;

import dev.jrun.PlainFiles;
import dev.jrun.image.Json;
import dev.jrun.store.AtomicFiles;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** The runtime's state root (runc's --root, default /run/jrun-runc): one directory per container with state.json. */
public final class StateDir {
    public static final Path DEFAULT_ROOT = Path.of("/run/jrun-runc");

    private final Path root;

    public StateDir(Path root) {
        this.root = root;
    }

    public Path root() {
        return root;
    }

    public static void checkId(String id) {
        if (id == null || id.isEmpty()) {
            throw new OciException("container id cannot be empty");
        }
        if (!idChars(id) || id.equals(".") || id.equals("..")) {
            throw new OciException("invalid container id format: " + id);
        }
    }

    /**
     * runc's rule for ids, [\w+\-.]+ (ASCII letters, digits, _ + - .): no path separators, nothing that
     * could escape the root. A loop, not a Pattern: \w's character class bootstraps lambdas, a quarter of
     * the samples of a state call once the JVM is up.
     */
    private static boolean idChars(String id) {
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            boolean ok = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                    || c == '_' || c == '+' || c == '-' || c == '.';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    public Path dir(String id) {
        checkId(id);
        return root.resolve(id);
    }

    /** Claims the id: makes its directory, failing if a container with that id exists. */
    public Path claim(String id) {
        Path d = dir(id);
        try {
            Files.createDirectories(root);
            Files.createDirectory(d);
            return d;
        } catch (FileAlreadyExistsException e) {
            throw new OciException("container with id exists: " + id);
        } catch (IOException e) {
            throw new OciException("create state directory " + d + ": " + e, e);
        }
    }

    public void write(OciState s) {
        try {
            AtomicFiles.writeVolatile(dir(s.id()).resolve("state.json"), Json.bytes(s));
        } catch (IOException e) {
            throw new OciException("write state of container " + s.id() + ": " + e, e);
        }
    }

    public OciState read(String id) {
        Path f = dir(id).resolve("state.json");
        try {
            return Json.read(PlainFiles.read(f), OciState.class, f.toString());
        } catch (NoSuchFileException e) {
            throw new OciException("container \"" + id + "\" does not exist");
        } catch (IOException e) {
            throw new OciException("read " + f + ": " + e, e);
        }
    }

    public boolean exists(String id) {
        return Files.isRegularFile(dir(id).resolve("state.json"));
    }

    /** Removes the container's directory and everything in it (files only: state.json, the fifo, temp files). */
    public void remove(String id) {
        Path d = dir(id);
        String[] names = d.toFile().list();
        try {
            for (String n : names == null ? new String[0] : names) {
                delete(d.resolve(n));
            }
            delete(d);
        } catch (IOException e) {
            throw new OciException("remove state directory " + d + ": " + e, e);
        }
    }

    /** java.io's delete, the cheaper call in a runc verb's short JVM; Files.deleteIfExists to say why it failed. */
    private static void delete(Path p) throws IOException {
        if (!p.toFile().delete()) {
            Files.deleteIfExists(p);
        }
    }

    /** Ids of the containers with a state.json, sorted. */
    public List<String> ids() {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(root)) {
            return s.filter(p -> Files.isRegularFile(p.resolve("state.json")))
                    .map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new OciException("list " + root + ": " + e, e);
        }
    }
}
