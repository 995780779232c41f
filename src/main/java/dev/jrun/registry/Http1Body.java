package dev.jrun.registry;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/**
 * Answer bodies of HTTP/1.1 as streams: Content-Length, chunked, or until the server closes. Read to
 * the end, a body hands its connection back for reuse; closed early, a small rest is read for that.
 */
final class Http1Body {
    /** An unread rest of a body up to this size is read to keep the connection; a longer one closes it. */
    static final long DRAIN_LIMIT = 256 << 10;

    private Http1Body() {
    }

    /** The connection a body is read from. */
    interface Link {
        InputStream in();

        /** The body ended cleanly; reusable: the connection may serve another request. */
        void finished(boolean reusable);

        /** The body failed or was abandoned: the connection must be closed. */
        void broken();
    }

    /** A body stream that gives its connection back to the pool when read to the end. */
    abstract static class BodyIn extends InputStream {
        final Link c;
        final boolean keepAlive;
        boolean done;
        boolean closed;

        BodyIn(Link c, boolean keepAlive) {
            this.c = c;
            this.keepAlive = keepAlive;
        }

        /** Called at the body's clean end. */
        final void finished() {
            if (!done) {
                done = true;
                c.finished(keepAlive);
            }
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public final int read(byte[] b, int off, int len) throws IOException {
            if (closed) {
                throw new IOException("body stream closed");
            }
            if (done) {
                return -1;
            }
            if (len == 0) {
                return 0;
            }
            try {
                return readBody(b, off, len);
            } catch (IOException | RuntimeException e) {
                done = true;
                c.broken();
                throw e;
            }
        }

        abstract int readBody(byte[] b, int off, int len) throws IOException;

        /** Bytes left to read if known (-1 if not): a small rest is read to keep the connection. */
        abstract long remaining();

        @Override
        public void close() {
            if (closed) {
                return;
            }
            closed = true;
            if (done) {
                return;
            }
            long rest = remaining();
            if (keepAlive && rest <= DRAIN_LIMIT) {
                try {
                    byte[] buf = new byte[8192];
                    long read = 0;
                    while (!done && read <= DRAIN_LIMIT) {
                        int n = readBody(buf, 0, buf.length);
                        if (n > 0) {
                            read += n;
                        }
                    }
                    if (done) {
                        return;
                    }
                } catch (IOException | RuntimeException e) {
                    // closed below
                }
            }
            done = true;
            c.broken();
        }
    }

    static final class Fixed extends BodyIn {
        private long left;
        private final long total;

        Fixed(Link c, long len, boolean keepAlive) {
            super(c, keepAlive);
            this.left = len;
            this.total = len;
            if (len == 0) {
                finished();
            }
        }

        @Override
        int readBody(byte[] b, int off, int len) throws IOException {
            int n = c.in().read(b, off, (int) Math.min(len, left));
            if (n < 0) {
                throw new EOFException("connection closed after " + (total - left) + " of " + total + " bytes");
            }
            left -= n;
            if (left == 0) {
                finished();
            }
            return n;
        }

        @Override
        public int available() throws IOException {
            return done ? 0 : (int) Math.min(left, c.in().available());
        }

        @Override
        long remaining() {
            return left;
        }
    }

    static final class Chunked extends BodyIn {
        private long chunkLeft;
        private long received;

        Chunked(Link c, boolean keepAlive) {
            super(c, keepAlive);
        }

        @Override
        int readBody(byte[] b, int off, int len) throws IOException {
            if (chunkLeft == 0) {
                String line = Http1.readLine(c.in());
                if (line == null) {
                    throw new EOFException("connection closed in a chunked body after " + received + " bytes");
                }
                int semi = line.indexOf(';');
                try {
                    chunkLeft = Long.parseLong((semi >= 0 ? line.substring(0, semi) : line).trim(), 16);
                } catch (NumberFormatException e) {
                    throw new IOException("malformed chunk size: " + Http1.abbreviate(line));
                }
                if (chunkLeft < 0) {
                    throw new IOException("malformed chunk size: " + Http1.abbreviate(line));
                }
                if (chunkLeft == 0) {
                    String t;
                    do {
                        t = Http1.readLine(c.in()); // trailer fields, then the empty line
                        if (t == null) {
                            throw new EOFException("connection closed in a chunked body's trailer");
                        }
                    } while (!t.isEmpty());
                    finished();
                    return -1;
                }
            }
            int n = c.in().read(b, off, (int) Math.min(len, chunkLeft));
            if (n < 0) {
                throw new EOFException("connection closed in a chunked body after " + received + " bytes");
            }
            chunkLeft -= n;
            received += n;
            if (chunkLeft == 0) {
                String crlf = Http1.readLine(c.in());
                if (crlf == null || !crlf.isEmpty()) {
                    throw new IOException("malformed chunked body (no CRLF after a chunk)");
                }
            }
            return n;
        }

        @Override
        long remaining() {
            return -1;
        }
    }

    /** A body without length: it ends when the server closes the connection, which is then not reused. */
    static final class UntilClose extends BodyIn {
        UntilClose(Link c) {
            super(c, false);
        }

        @Override
        int readBody(byte[] b, int off, int len) throws IOException {
            int n = c.in().read(b, off, len);
            if (n < 0) {
                finished();
            }
            return n;
        }

        @Override
        long remaining() {
            return -1;
        }
    }
}
