package dev.jrun.image;

import com.kenai.jffi.ArrayFlags;
import com.kenai.jffi.CallContext;
import com.kenai.jffi.CallingConvention;
import com.kenai.jffi.HeapInvocationBuffer;
import com.kenai.jffi.Invoker;
import com.kenai.jffi.Library;
import com.kenai.jffi.Type;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * SHA-256 by OpenSSL's libcrypto (SHA256_Init/Update/Final through jffi), for big streams such as
 * pulled layers. Why: the JDK's SHA-256 is fast (SHA-NI) only once C2 has compiled it; before that it
 * runs interpreted or in C1 code, which hashed the 2 MB busybox layer in 30-160 ms of a pull's short JVM
 * and a 200 MB layer in 3.6-5.9 s with C1 alone (about 0.3 s with C2, 0.2 s in libcrypto), so pulls
 * paid either slow small blobs (C2 compiles late) or slow big ones (C1 only). libcrypto uses SHA-NI from
 * its first byte.
 *
 * <p>Optional: without libcrypto.so.3 (or jffi), or if it fails a known-answer check, {@link #create}
 * returns null and callers use the JDK's. The context lives in a Java array passed to each call, so
 * there is no native memory to free.
 */
public final class NativeSha256 extends MessageDigest implements Cloneable {
    /** sizeof(SHA256_CTX) is 112 (26 words + 2 ints); with room to spare. */
    private static final int CTX_BYTES = 128;

    private byte[] ctx = new byte[CTX_BYTES];

    private NativeSha256() {
        super("SHA-256");
        Lib.init(ctx);
    }

    /** A new digest, or null when libcrypto cannot be used here. */
    public static MessageDigest create() {
        return Lib.OK ? new NativeSha256() : null;
    }

    @Override
    protected void engineUpdate(byte input) {
        engineUpdate(new byte[] {input}, 0, 1);
    }

    @Override
    protected void engineUpdate(byte[] input, int offset, int len) {
        if (len > 0) {
            Lib.update(ctx, input, offset, len);
        }
    }

    @Override
    protected byte[] engineDigest() {
        byte[] out = new byte[32];
        Lib.finish(out, ctx);
        Lib.init(ctx);
        return out;
    }

    @Override
    protected int engineGetDigestLength() {
        return 32;
    }

    @Override
    protected void engineReset() {
        Lib.init(ctx);
    }

    @Override
    public Object clone() throws CloneNotSupportedException {
        NativeSha256 c = (NativeSha256) super.clone();
        c.ctx = ctx.clone();
        return c;
    }

    /** The three functions, looked up once; OK is false if anything is missing or wrong. */
    private static final class Lib {
        static final Invoker INVOKER;
        static final long INIT;
        static final long UPDATE;
        static final long FINAL;
        static final CallContext PTR = CallContext.getCallContext(Type.SINT32, new Type[] {Type.POINTER},
                CallingConvention.DEFAULT, false);
        static final CallContext PTR_PTR_SIZE = CallContext.getCallContext(Type.SINT32,
                new Type[] {Type.POINTER, Type.POINTER, Type.UINT64}, CallingConvention.DEFAULT, false);
        static final CallContext PTR_PTR = CallContext.getCallContext(Type.SINT32,
                new Type[] {Type.POINTER, Type.POINTER}, CallingConvention.DEFAULT, false);
        static final boolean OK;

        static {
            Invoker inv = null;
            long i = 0;
            long u = 0;
            long f = 0;
            boolean ok = false;
            try {
                Library lib = Library.getCachedInstance("libcrypto.so.3", Library.LAZY | Library.LOCAL);
                if (lib != null) {
                    inv = Invoker.getInstance();
                    i = lib.getSymbolAddress("SHA256_Init");
                    u = lib.getSymbolAddress("SHA256_Update");
                    f = lib.getSymbolAddress("SHA256_Final");
                    ok = i != 0 && u != 0 && f != 0;
                }
            } catch (Throwable e) { // no jffi native library, no libcrypto: the JDK's digest it is
                ok = false;
            }
            INVOKER = inv;
            INIT = i;
            UPDATE = u;
            FINAL = f;
            OK = ok && knownAnswer();
        }

        /** SHA-256("abc") from FIPS 180-2, so a wrong binding is never used to verify blobs. */
        private static boolean knownAnswer() {
            try {
                byte[] c = new byte[CTX_BYTES];
                init(c);
                update(c, "abc".getBytes(java.nio.charset.StandardCharsets.US_ASCII), 0, 3);
                byte[] out = new byte[32];
                finish(out, c);
                return HexFormat.of().formatHex(out)
                        .equals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
            } catch (Throwable e) {
                return false;
            }
        }

        static void init(byte[] ctx) {
            HeapInvocationBuffer b = new HeapInvocationBuffer(PTR);
            b.putArray(ctx, 0, ctx.length, ArrayFlags.IN | ArrayFlags.OUT | ArrayFlags.PINNED);
            check(INVOKER.invokeInt(PTR, INIT, b), "SHA256_Init");
        }

        static void update(byte[] ctx, byte[] data, int off, int len) {
            HeapInvocationBuffer b = new HeapInvocationBuffer(PTR_PTR_SIZE);
            b.putArray(ctx, 0, ctx.length, ArrayFlags.IN | ArrayFlags.OUT | ArrayFlags.PINNED);
            b.putArray(data, off, len, ArrayFlags.IN | ArrayFlags.PINNED);
            b.putLong(len);
            check(INVOKER.invokeInt(PTR_PTR_SIZE, UPDATE, b), "SHA256_Update");
        }

        static void finish(byte[] out, byte[] ctx) {
            HeapInvocationBuffer b = new HeapInvocationBuffer(PTR_PTR);
            b.putArray(out, 0, out.length, ArrayFlags.OUT | ArrayFlags.PINNED);
            b.putArray(ctx, 0, ctx.length, ArrayFlags.IN | ArrayFlags.OUT | ArrayFlags.PINNED);
            check(INVOKER.invokeInt(PTR_PTR, FINAL, b), "SHA256_Final");
        }

        private static void check(int rc, String what) {
            if (rc != 1) {
                throw new IllegalStateException(what + " failed");
            }
        }
    }
}
