package dev.jrun.layer;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;

/**
 * Reads a layer blob on its own thread: hashes the blob as read, decompresses it (gzip or zstd by
 * magic bytes), hashes the tar, and hands the tar to the consumer as an InputStream through a
 * bounded queue, so decompression and hashing run in parallel with the writes.
 */
final class BlobPipeline extends InputStream {
    private static final int CHUNK = 256 * 1024;
    private static final byte[] END = new byte[0];
    private static final int DEPTH = 32;
    private final BlockingQueue<byte[]> queue = new ArrayBlockingQueue<>(DEPTH);
    /** Chunks handed back by the consumer: reusing them avoids faulting in fresh heap pages. */
    private final BlockingQueue<byte[]> free = new ArrayBlockingQueue<>(DEPTH + 2);
    private final Thread thread;
    private volatile boolean cancelled;
    private volatile Throwable failure;
    private volatile UnpackResult result;
    private byte[] current = new byte[0];
    private int position;
    private int limit;
    private boolean ended;

    BlobPipeline(InputStream blob) {
        this.thread = new Thread(() -> run(blob), "jrun-layer-reader");
        thread.setDaemon(true);
        thread.start();
    }

    private void run(InputStream blob) {
        try {
            HashingInputStream raw = new HashingInputStream(blob);
            BufferedInputStream buffered = new BufferedInputStream(raw, 64 * 1024);
            buffered.mark(4);
            byte[] head = new byte[4];
            int n = buffered.readNBytes(head, 0, 4);
            buffered.reset();
            Compression compression = Compression.detect(head, n);
            InputStream decoded = switch (compression) {
                case NONE -> buffered;
                case GZIP -> new GZIPInputStream(buffered, 64 * 1024);
                case ZSTD -> new org.apache.commons.compress.compressors.zstandard.ZstdCompressorInputStream(buffered);
            };
            HashingInputStream tar = compression == Compression.NONE ? raw : new HashingInputStream(decoded);
            InputStream source = compression == Compression.NONE ? buffered : tar;
            while (true) {
                byte[] pooled = free.poll();
                byte[] chunk = pooled != null ? pooled : new byte[CHUNK];
                int filled = source.readNBytes(chunk, 0, CHUNK);
                if (filled == 0) {
                    break;
                }
                put(filled == CHUNK ? chunk : java.util.Arrays.copyOf(chunk, filled));
            }
            raw.transferTo(OutputStreamNull.INSTANCE);
            String digest = raw.digest();
            String diffId = tar == raw ? digest : tar.digest();
            result = new UnpackResult(diffId, digest, raw.count(), tar.count(), compression, 0);
            put(END);
        } catch (Throwable e) {
            failure = e;
            queue.clear();
            queue.offer(END);
        }
    }

    private void put(byte[] chunk) throws InterruptedException {
        while (!queue.offer(chunk, 100, TimeUnit.MILLISECONDS)) {
            if (cancelled) {
                throw new InterruptedException("layer unpack cancelled");
            }
        }
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        while (position == limit) {
            if (ended || !next()) {
                return -1;
            }
        }
        int n = Math.min(len, limit - position);
        System.arraycopy(current, position, b, off, n);
        position += n;
        return n;
    }

    /** Skips by moving through the chunks: no copy (the tar reader skips padding and unread content). */
    @Override
    public long skip(long n) throws IOException {
        long done = 0;
        while (done < n) {
            if (position == limit && (ended || !next())) {
                break;
            }
            int step = (int) Math.min(n - done, limit - position);
            position += step;
            done += step;
        }
        return done;
    }

    private boolean next() throws IOException {
        if (current.length == CHUNK) {
            free.offer(current);
        }
        try {
            current = queue.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while reading the layer", e);
        }
        if (current == END) {
            ended = true;
            if (failure != null) {
                throw new IOException("reading layer blob: " + failure.getMessage(), failure);
            }
            return false;
        }
        position = 0;
        limit = current.length;
        return true;
    }

    /** Reads to the end of the blob and returns what was measured; entries is 0. */
    UnpackResult finish() throws IOException {
        while (read(new byte[CHUNK], 0, CHUNK) >= 0) {
            // drain the tar's trailing padding so the digests cover the whole blob
        }
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while finishing the layer", e);
        }
        return result;
    }

    @Override
    public void close() {
        if (result == null) {
            cancelled = true;
            queue.clear();
        }
    }

    /** Counts and SHA-256-hashes what passes through it. */
    static final class HashingInputStream extends java.io.FilterInputStream {
        private final MessageDigest sha;
        private long count;

        HashingInputStream(InputStream in) {
            super(in);
            // libcrypto's SHA-256 when it loads: the JDK's is fast only once C2 has compiled it, and the
            // short-lived commands that unpack (pull, run) run on C1 alone (see image/NativeSha256)
            MessageDigest nativeSha = dev.jrun.image.NativeSha256.create();
            try {
                sha = nativeSha != null ? nativeSha : MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                sha.update((byte) b);
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            if (n > 0) {
                sha.update(b, off, n);
                count += n;
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            return Math.max(0, read(new byte[(int) Math.max(1, Math.min(n, 8192))]));
        }

        @Override
        public boolean markSupported() {
            return false;
        }

        long count() {
            return count;
        }

        String digest() {
            return "sha256:" + HexFormat.of().formatHex(sha.digest());
        }
    }

    /** Discards bytes. */
    static final class OutputStreamNull extends java.io.OutputStream {
        static final OutputStreamNull INSTANCE = new OutputStreamNull();

        @Override
        public void write(int b) {
        }

        @Override
        public void write(byte[] b, int off, int len) {
        }
    }
}
