package dev.jrun.registry;

import dev.jrun.JrunException;
import dev.jrun.image.Descriptor;
import dev.jrun.store.BlobStore;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Downloads one blob into the store, verifying size and digest while streaming (BlobStore.put), so a
 * wrong or cut-off blob never enters the store. Broken connections restart the download.
 */
final class BlobPuller {
    private final RegistryClient client;
    private final String repo;
    private final BlobStore blobs;

    BlobPuller(RegistryClient client, String repo, BlobStore blobs) {
        this.client = client;
        this.repo = repo;
        this.blobs = blobs;
    }

    void pull(Descriptor d, ProgressListener listener) {
        String where = "blob " + d.digest() + " from " + client.registry() + "/" + repo;
        int attempts = client.options().retries() + 1;
        for (int attempt = 1; ; attempt++) {
            try {
                RegistryClient.BlobStream s = client.getBlob(repo, d.digest());
                if (s.length() >= 0 && d.size() > 0 && s.length() != d.size()) {
                    s.in().close();
                    throw new RegistryException(where + ": the registry sends " + s.length()
                            + " bytes but the manifest says " + d.size(), 200, "SIZE_INVALID");
                }
                try (InputStream in = new Counting(s.in(), d, listener, where)) {
                    blobs.put(in, d.digest(), where);
                }
                return;
            } catch (RegistryException e) {
                if (e.status() != 0 || !(e.getCause() instanceof IOException) || attempt >= attempts) {
                    throw e;
                }
            } catch (IOException e) {
                if (attempt >= attempts) {
                    throw new RegistryException("download " + where + ": " + HttpTransport.describe(e), e);
                }
            } catch (JrunException e) {
                if (!(e.getCause() instanceof IOException)) {
                    throw new RegistryException(e.getMessage(), 200, "DIGEST_INVALID");
                }
                if (attempt >= attempts) {
                    throw new RegistryException("download " + where + " failed after " + attempt + " attempts: "
                            + HttpTransport.describe((IOException) e.getCause()), e);
                }
            }
            listener.progress(d, 0, d.size());
            sleep(client.options().backoffMillis() * attempt);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RegistryException("interrupted", e);
        }
    }

    /** Counts bytes for the progress display and refuses more bytes than the descriptor's size. */
    private static final class Counting extends FilterInputStream {
        private final Descriptor d;
        private final ProgressListener listener;
        private final String where;
        private long done;
        private long lastReport;

        Counting(InputStream in, Descriptor d, ProgressListener listener, String where) {
            super(in);
            this.d = d;
            this.listener = listener;
            this.where = where;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                done += n;
                if (d.size() > 0 && done > d.size()) {
                    throw new RegistryException(where + ": the registry sent more than the " + d.size()
                            + " bytes the manifest declares", 200, "SIZE_INVALID");
                }
                if (done - lastReport >= (256 << 10) || done == d.size()) {
                    lastReport = done;
                    listener.progress(d, done, d.size());
                }
            }
            return n;
        }
    }
}
