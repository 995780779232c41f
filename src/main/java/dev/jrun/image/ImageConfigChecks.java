package dev.jrun.image;

import com.fasterxml.jackson.databind.JsonNode;

/** The image config rules of image-spec's config-schema.json and Go's v1.Image, for {@link OciValidator}. */
final class ImageConfigChecks {
    private ImageConfigChecks() {
    }

    static void config(JsonChecks c, JsonNode root) {
        c.dateTime(root, "created", "");
        c.string(root, "author", "", false);
        c.string(root, "architecture", "", true);
        c.string(root, "os", "", true);
        c.string(root, "os.version", "", false);
        c.stringArray(root, "os.features", "", false, false);
        c.string(root, "variant", "", false);
        JsonNode config = root.get("config");
        if (config != null) {
            containerConfig(c, c.object(config, "config"));
        }
        rootfs(c, c.object(c.field(root, "rootfs", "", true), "rootfs"));
        JsonNode history = root.get("history");
        if (history != null) {
            if (!history.isArray()) {
                throw c.fail("history", "must be an array, not " + JsonChecks.describe(history));
            }
            for (int i = 0; i < history.size(); i++) {
                String p = "history[" + i + "]";
                JsonNode h = c.object(history.get(i), p);
                c.dateTime(h, "created", p);
                c.string(h, "author", p, false);
                c.string(h, "created_by", p, false);
                c.string(h, "comment", p, false);
                c.bool(h, "empty_layer", p);
            }
        }
    }

    private static void containerConfig(JsonChecks c, JsonNode cc) {
        String p = "config";
        c.string(cc, "User", p, false);
        c.map(cc, "ExposedPorts", p, false, true);
        // The schema says array; moby writes "Env": null for an image without environment (docker import).
        JsonNode env = c.stringArray(cc, "Env", p, false, true);
        for (int i = 0; env != null && i < env.size(); i++) {
            String e = env.get(i).asText();
            if (e.indexOf('=') <= 0) {
                throw c.fail(p + ".Env[" + i + "]", "invalid entry \"" + e + "\": want NAME=value");
            }
        }
        c.stringArray(cc, "Entrypoint", p, false, true);
        c.stringArray(cc, "Cmd", p, false, true);
        c.map(cc, "Volumes", p, true, true);
        c.string(cc, "WorkingDir", p, false);
        c.map(cc, "Labels", p, true, false);
        c.string(cc, "StopSignal", p, false);
        c.bool(cc, "ArgsEscaped", p);
    }

    private static void rootfs(JsonChecks c, JsonNode rootfs) {
        String type = c.string(rootfs, "type", "rootfs", true);
        if (!type.equals("layers")) {
            throw c.fail("rootfs.type", "must be \"layers\", not \"" + type + "\"");
        }
        JsonNode ids = c.stringArray(rootfs, "diff_ids", "rootfs", true, false);
        for (int i = 0; i < ids.size(); i++) {
            try {
                Digest.parse(ids.get(i).asText());
            } catch (dev.jrun.JrunException e) {
                throw c.fail("rootfs.diff_ids[" + i + "]", e.getMessage());
            }
        }
    }
}
