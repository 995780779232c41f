package dev.jrun.registry;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** The HTTP/1.1 message format (RFC 9112) as {@link SocketHttp} writes requests and reads answers. */
final class Http1 {
    private static final int MAX_HEADER_BYTES = 64 << 10;

    private Http1() {
    }

    static void writeRequest(OutputStream out, Http.Request req) throws IOException {
        URI u = req.uri();
        String path = u.getRawPath() == null || u.getRawPath().isEmpty() ? "/" : u.getRawPath();
        StringBuilder sb = new StringBuilder(256);
        sb.append(req.method()).append(' ').append(path);
        if (u.getRawQuery() != null) {
            sb.append('?').append(u.getRawQuery());
        }
        sb.append(" HTTP/1.1\r\nHost: ").append(u.getRawAuthority().substring(u.getRawAuthority().indexOf('@') + 1))
                .append("\r\n");
        boolean ua = false;
        for (Map.Entry<String, String> e : req.headers().entrySet()) {
            String n = e.getKey();
            if (n.equalsIgnoreCase("Host") || n.equalsIgnoreCase("Content-Length")
                    || n.equalsIgnoreCase("Transfer-Encoding") || n.equalsIgnoreCase("Connection")) {
                continue;
            }
            ua |= n.equalsIgnoreCase("User-Agent");
            header(sb, n, e.getValue());
        }
        if (!ua) {
            header(sb, "User-Agent", "jrun/0.1");
        }
        Http.Body body = req.body();
        if (body != null && body.length() < 0) {
            sb.append("Transfer-Encoding: chunked\r\n");
        } else if (body != null) {
            sb.append("Content-Length: ").append(body.length()).append("\r\n");
        } else if (!req.method().equals("GET") && !req.method().equals("HEAD")) {
            sb.append("Content-Length: 0\r\n");
        }
        sb.append("\r\n");
        out.write(sb.toString().getBytes(StandardCharsets.ISO_8859_1));
        if (body != null) {
            try (InputStream in = body.open().get()) {
                if (body.length() < 0) {
                    writeChunked(in, out);
                } else {
                    writeFixed(in, out, body.length());
                }
            }
        }
        out.flush();
    }

    private static void header(StringBuilder sb, String name, String value) {
        if (name.indexOf('\r') >= 0 || name.indexOf('\n') >= 0 || name.indexOf(':') >= 0
                || value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("invalid HTTP header " + name + ": " + abbreviate(value));
        }
        sb.append(name).append(": ").append(value).append("\r\n");
    }

    private static void writeFixed(InputStream in, OutputStream out, long len) throws IOException {
        byte[] buf = new byte[(int) Math.min(64 << 10, Math.max(1, len))];
        long left = len;
        while (left > 0) {
            int n = in.read(buf, 0, (int) Math.min(buf.length, left));
            if (n < 0) {
                throw new BodyException("request body ended after " + (len - left) + " of " + len + " bytes");
            }
            out.write(buf, 0, n);
            left -= n;
        }
    }

    private static void writeChunked(InputStream in, OutputStream out) throws IOException {
        byte[] buf = new byte[64 << 10];
        int n;
        while ((n = in.read(buf)) >= 0) {
            if (n > 0) {
                out.write((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
                out.write(buf, 0, n);
                out.write('\r');
                out.write('\n');
            }
        }
        out.write("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
    }

    /** The request body could not be read: not a connection problem, so never sent again silently. */
    static final class BodyException extends IOException {
        BodyException(String message) {
            super(message);
        }
    }

    /** The code of a status line such as "HTTP/1.1 200 OK". */
    static int statusCode(String status) throws IOException {
        if (!status.startsWith("HTTP/1.") || status.length() < 12 || status.charAt(8) != ' ') {
            throw new IOException("not an HTTP/1.x answer: " + abbreviate(status));
        }
        try {
            return Integer.parseInt(status.substring(9, 12));
        } catch (NumberFormatException e) {
            throw new IOException("bad HTTP status line: " + abbreviate(status));
        }
    }

    static Http.Headers readHeaders(InputStream in) throws IOException {
        Http.Headers h = new Http.Headers();
        int total = 0;
        String prevName = null;
        while (true) {
            String line = readLine(in);
            if (line == null) {
                throw new EOFException("connection closed in the answer's headers");
            }
            if (line.isEmpty()) {
                return h;
            }
            total += line.length();
            if (total > MAX_HEADER_BYTES) {
                throw new IOException("answer headers larger than " + (MAX_HEADER_BYTES >> 10) + " KiB");
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new IOException("malformed header line in the answer: " + abbreviate(line));
            }
            prevName = line.substring(0, colon).trim();
            h.add(prevName, line.substring(colon + 1).trim());
        }
    }

    /** A CRLF (or LF) terminated line; null at EOF before any byte. */
    static String readLine(InputStream in) throws IOException {
        if (in instanceof In buffered) {
            return buffered.readLine();
        }
        StringBuilder sb = new StringBuilder(64);
        while (true) {
            int b = in.read();
            if (b < 0) {
                if (sb.length() == 0) {
                    return null;
                }
                throw new EOFException("connection closed in the middle of a line");
            }
            if (b == '\n') {
                int len = sb.length();
                if (len > 0 && sb.charAt(len - 1) == '\r') {
                    sb.setLength(len - 1);
                }
                return sb.toString();
            }
            if (sb.length() >= MAX_HEADER_BYTES) {
                throw new IOException("answer line longer than " + (MAX_HEADER_BYTES >> 10) + " KiB");
            }
            sb.append((char) b);
        }
    }

    /**
     * The buffered stream of a connection's answers, which reads lines (status, headers, chunk sizes) by
     * scanning its buffer. Not synchronized (one exchange reads a connection at a time): the JDK's
     * BufferedInputStream takes a lock for every byte its read() returns, and the headers were read a byte
     * at a time, in a push interpreted and after the answer arrived (its critical path).
     */
    static final class In extends InputStream {
        private final InputStream in;
        private final byte[] buf;
        private int pos;
        private int lim;

        In(InputStream in, int size) {
            this.in = in;
            this.buf = new byte[size];
        }

        /** Refills an empty buffer; false at EOF. */
        private boolean fill() throws IOException {
            int n = in.read(buf, 0, buf.length);
            if (n <= 0) {
                return false; // 0 only from a broken stream: EOF rather than a spin
            }
            pos = 0;
            lim = n;
            return true;
        }

        @Override
        public int read() throws IOException {
            if (pos == lim && !fill()) {
                return -1;
            }
            return buf[pos++] & 0xff;
        }

        /**
         * As BufferedInputStream's: reads on while the socket has bytes ready, so that a large read returns
         * as much as has arrived (a blob copy grows its buffer when a read fills it: see BlobStore).
         */
        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            java.util.Objects.checkFromIndexSize(off, len, b.length);
            if (len == 0) {
                return 0;
            }
            int n = 0;
            while (true) {
                int k = readOnce(b, off + n, len - n);
                if (k <= 0) {
                    return n == 0 ? k : n;
                }
                n += k;
                if (n >= len || in.available() <= 0) {
                    return n;
                }
            }
        }

        private int readOnce(byte[] b, int off, int len) throws IOException {
            if (pos == lim) {
                if (len >= buf.length) {
                    return in.read(b, off, len); // a large read bypasses the buffer
                }
                if (!fill()) {
                    return -1;
                }
            }
            int n = Math.min(len, lim - pos);
            System.arraycopy(buf, pos, b, off, n);
            pos += n;
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            if (n <= 0) {
                return 0;
            }
            if (pos < lim) {
                int k = (int) Math.min(n, lim - pos);
                pos += k;
                return k;
            }
            return in.skip(n);
        }

        @Override
        public int available() throws IOException {
            return (lim - pos) + in.available();
        }

        @Override
        public void close() throws IOException {
            in.close();
        }

        /** As {@link Http1#readLine(InputStream)}. */
        String readLine() throws IOException {
            StringBuilder sb = null;
            while (true) {
                if (pos == lim && !fill()) {
                    if (sb == null || sb.length() == 0) {
                        return null;
                    }
                    throw new EOFException("connection closed in the middle of a line");
                }
                int start = pos;
                int nl = start;
                while (nl < lim && buf[nl] != '\n') {
                    nl++;
                }
                int have = (sb == null ? 0 : sb.length()) + (nl - start);
                if (have > MAX_HEADER_BYTES) {
                    throw new IOException("answer line longer than " + (MAX_HEADER_BYTES >> 10) + " KiB");
                }
                if (nl < lim) {
                    pos = nl + 1;
                    int end = nl > start && buf[nl - 1] == '\r' ? nl - 1 : nl;
                    if (sb == null) {
                        return new String(buf, start, end - start, StandardCharsets.ISO_8859_1);
                    }
                    sb.append(new String(buf, start, nl - start, StandardCharsets.ISO_8859_1));
                    int len = sb.length();
                    if (len > 0 && sb.charAt(len - 1) == '\r') {
                        sb.setLength(len - 1);
                    }
                    return sb.toString();
                }
                if (sb == null) {
                    sb = new StringBuilder(64 + (nl - start));
                }
                sb.append(new String(buf, start, nl - start, StandardCharsets.ISO_8859_1));
                pos = lim;
            }
        }
    }

    static String abbreviate(String s) {
        return s.length() > 80 ? s.substring(0, 80) + "..." : s;
    }
}
