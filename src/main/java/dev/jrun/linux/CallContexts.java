package dev.jrun.linux;

import com.kenai.jffi.CallContext;
import com.kenai.jffi.CallingConvention;
import com.kenai.jffi.Type;

/**
 * The jffi call contexts (signatures) of NativeCalls' libc calls. jffi caches a context by its signature, so
 * NativeWarmUp makes them on its thread and NativeCalls' initializer, on the main thread, finds them made. No
 * state of its own: a failure (jffi not loadable) is thrown to each caller, never kept in a failed class.
 */
final class CallContexts {
    private CallContexts() {
    }

    /** int f(const char *, int, int): open. */
    static CallContext intPtrIntInt() {
        return context(Type.SINT32, Type.POINTER, Type.SINT32, Type.SINT32);
    }

    /** int f(int): close. */
    static CallContext intInt() {
        return context(Type.SINT32, Type.SINT32);
    }

    /** int f(int, int, void *, int): waitid. */
    static CallContext waitid() {
        return context(Type.SINT32, Type.SINT32, Type.SINT32, Type.POINTER, Type.SINT32);
    }

    /** long syscall(long nr, ...) with 4 arguments after the number (variadic after the first). */
    static CallContext syscall4() {
        return CallContext.getCallContext(Type.SINT64, 1,
                new Type[] {Type.SINT64, Type.SINT64, Type.SINT64, Type.SINT64, Type.SINT64}, CallingConvention.DEFAULT, true);
    }

    /** long syscall(long nr, ...) with 5 arguments after the number. */
    static CallContext syscall5() {
        return CallContext.getCallContext(Type.SINT64, 1,
                new Type[] {Type.SINT64, Type.SINT64, Type.SINT64, Type.SINT64, Type.SINT64, Type.SINT64},
                CallingConvention.DEFAULT, true);
    }

    private static CallContext context(Type ret, Type... params) {
        return CallContext.getCallContext(ret, params, CallingConvention.DEFAULT, true);
    }
}
