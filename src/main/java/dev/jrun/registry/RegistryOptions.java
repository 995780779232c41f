package dev.jrun.registry;

import java.time.Duration;

/**
 * How jrun talks to registries.
 *
 * @param tlsVerify       null: verify TLS except for localhost (plain http there, as docker); false: accept any
 *                        certificate and fall back to http
 * @param config          where logins are read and written
 * @param retries         attempts after the first on connection errors, 5xx and 429
 * @param backoffMillis   first wait between attempts, doubled each time
 * @param maxRetryAfterMillis the longest Retry-After jrun honours before giving up
 *                        (milliseconds, not Durations: Duration's class initialisation sets up BigInteger's,
 *                        ~0.3 ms of an interpreted push that never waits)
 * @param parallel        blobs transferred at once
 * @param maxManifestBytes a manifest or index larger than this is refused
 * @param chunkSize       the largest PATCH of an upload (default: unbounded, one PATCH per blob as docker
 *                        sends; less for registries behind proxies that cap request bodies)
 */
public record RegistryOptions(Boolean tlsVerify, DockerConfig config, int retries, long backoffMillis,
                              long maxRetryAfterMillis, int parallel, long maxManifestBytes, long chunkSize) {
    public static final long DEFAULT_MAX_MANIFEST = 4L << 20;

    public static RegistryOptions defaults() {
        return new RegistryOptions(null, DockerConfig.locate(), 4, 500, 60_000,
                3, DEFAULT_MAX_MANIFEST, Long.MAX_VALUE);
    }

    /** The options of the CLI flags: --tls-verify and --authfile (null: docker's config.json). */
    public static RegistryOptions fromFlags(Boolean tlsVerify, java.nio.file.Path authfile) {
        RegistryOptions o = defaults().withTlsVerify(tlsVerify);
        return authfile == null ? o : o.withConfig(new DockerConfig(authfile));
    }

    public RegistryOptions withTlsVerify(Boolean v) {
        return new RegistryOptions(v, config, retries, backoffMillis, maxRetryAfterMillis, parallel, maxManifestBytes, chunkSize);
    }

    public RegistryOptions withConfig(DockerConfig c) {
        return new RegistryOptions(tlsVerify, c, retries, backoffMillis, maxRetryAfterMillis, parallel, maxManifestBytes, chunkSize);
    }

    public RegistryOptions withRetries(int n, Duration first) {
        return new RegistryOptions(tlsVerify, config, n, first.toMillis(), maxRetryAfterMillis, parallel, maxManifestBytes, chunkSize);
    }

    public RegistryOptions withChunkSize(long bytes) {
        return new RegistryOptions(tlsVerify, config, retries, backoffMillis, maxRetryAfterMillis, parallel, maxManifestBytes, bytes);
    }

    public RegistryOptions withMaxManifestBytes(long bytes) {
        return new RegistryOptions(tlsVerify, config, retries, backoffMillis, maxRetryAfterMillis, parallel, bytes, chunkSize);
    }
}
