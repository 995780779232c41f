package dev.jrun.registry;

import dev.jrun.JrunException;
import dev.jrun.image.Digest;
import dev.jrun.image.Json;
import dev.jrun.image.MediaTypes;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

/** One manifest GET: size limit, media type from the header or the document, digest check. */
final class ManifestFetch {
    private final RegistryClient client;
    private final String repo;

    ManifestFetch(RegistryClient client, String repo) {
        this.client = client;
        this.repo = repo;
    }

    private String where(String reference) {
        return client.registry() + "/" + repo + (reference.contains(":") ? "@" : ":") + reference;
    }

    RegistryClient.ManifestResponse get(String reference, long limit) {
        Http.Response r = client.send("GET", repo,
                client.uri("/v2/" + repo + "/manifests/" + reference), Map.of("Accept", RegistryClient.ACCEPT), null, true);
        if (r.statusCode() == 404) {
            RegistryException e = client.fail(r, "manifest " + reference, repo);
            if ("MANIFEST_UNKNOWN".equals(e.code())) {
                throw new RegistryException("manifest for " + where(reference) + " not found: manifest unknown",
                        404, e.code());
            }
            throw e;
        }
        if (r.statusCode() != 200) {
            throw client.fail(r, "GET manifest " + reference, repo);
        }
        long declared = r.headers().firstValueAsLong("Content-Length").orElse(-1);
        if (declared > limit) {
            HttpTransport.drain(r);
            throw tooBig(reference, declared, limit);
        }
        byte[] bytes;
        try (InputStream in = r.body()) {
            bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limit + 1));
        } catch (IOException e) {
            throw new RegistryException("read manifest " + where(reference) + ": " + HttpTransport.describe(e)
                    + " (truncated answer)", e);
        }
        if (bytes.length > limit) {
            throw tooBig(reference, bytes.length, limit);
        }
        if (declared >= 0 && bytes.length != declared) {
            throw new RegistryException("read manifest " + where(reference) + ": got " + bytes.length
                    + " of " + declared + " bytes (truncated answer)", 200, null);
        }
        String type = contentType(r);
        if (type.startsWith("text/html") || ErrorBody.looksLikeHtml(new String(bytes, 0, Math.min(bytes.length, 64),
                java.nio.charset.StandardCharsets.UTF_8))) {
            throw new RegistryException("manifest " + where(reference)
                    + ": the registry answered with an HTML page, not a manifest", 200, null);
        }
        Map<?, ?> doc;
        try {
            if (!(Json.parse(bytes, "manifest") instanceof Map<?, ?> m)) {
                throw new JrunException("not a JSON object");
            }
            doc = m;
        } catch (JrunException e) {
            throw new RegistryException("manifest " + where(reference) + " from the registry is not valid JSON: "
                    + e.getMessage() + " (truncated or corrupt answer)", 200, null);
        }
        String mediaType = mediaType(type, doc);
        if (mediaType.equals(MediaTypes.DOCKER_SCHEMA1) || mediaType.equals(MediaTypes.DOCKER_SCHEMA1_SIGNED)
                || "1".equals(String.valueOf(doc.get("schemaVersion")))) {
            throw new RegistryException("manifest " + where(reference)
                    + " is a Docker schema 1 manifest, which jrun does not support", 200, null);
        }
        Digest digest = Digest.sha256(bytes);
        if (Digest.isValid(reference) && !Digest.parse(reference).equals(digest)) {
            throw new RegistryException("manifest " + where(reference) + " has digest " + digest
                    + ", not the requested " + reference, 200, "DIGEST_INVALID");
        }
        return new RegistryClient.ManifestResponse(bytes, mediaType, digest);
    }

    private RegistryException tooBig(String reference, long size, long limit) {
        return new RegistryException("manifest " + where(reference) + " is larger than " + (limit >> 10)
                + " KiB (" + size + " bytes); refusing it", 200, "SIZE_INVALID");
    }

    static String contentType(Http.Response r) {
        String t = r.headers().firstValue("Content-Type").orElse("");
        int semi = t.indexOf(';');
        return (semi >= 0 ? t.substring(0, semi) : t).trim();
    }

    /** The header when it names a manifest or index, else the document's mediaType, else its shape. */
    static String mediaType(String header, Map<?, ?> doc) {
        if (MediaTypes.isManifest(header) || MediaTypes.isIndex(header)) {
            return header;
        }
        Object inDoc = doc.get("mediaType");
        if (inDoc instanceof String t && !t.isEmpty()) {
            return t;
        }
        if (doc.containsKey("manifests")) {
            return MediaTypes.OCI_INDEX;
        }
        if (doc.get("config") instanceof Map<?, ?> config && MediaTypes.DOCKER_CONFIG.equals(config.get("mediaType"))) {
            return MediaTypes.DOCKER_MANIFEST;
        }
        return header.startsWith("application/vnd.docker.distribution.manifest.v1") ? header : MediaTypes.OCI_MANIFEST;
    }
}
