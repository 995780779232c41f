package dev.jrun.linux;

import com.kenai.jffi.CallContext;
import com.kenai.jffi.CallingConvention;
import com.kenai.jffi.Invoker;
import com.kenai.jffi.MemoryIO;
import com.kenai.jffi.PageManager;
import com.kenai.jffi.Type;

/**
 * The clone3 trampoline (src/main/asm/trampoline-*.S, bytes in {@link TrampolineCode}): its bytes are copied into pages mapped
 * read-write, which are then made read-execute (never both writable and executable), and called
 * through jffi as {@code long trampoline(struct table *)}. Mapped once per JVM.
 */
public final class Trampoline {
    private static volatile Trampoline instance;
    private final long address;
    private final CallContext context = CallContext.getCallContext(
            Type.SINT64, new Type[] {Type.POINTER}, CallingConvention.DEFAULT, false);

    private Trampoline(byte[] code) {
        PageManager pm = PageManager.getInstance();
        int pages = (int) ((code.length + pm.pageSize() - 1) / pm.pageSize());
        long a = pm.allocatePages(pages, PageManager.PROT_READ | PageManager.PROT_WRITE);
        if (a == 0) {
            throw new LinuxUnavailableException("cannot map " + pages + " page(s) for the clone3 trampoline");
        }
        MemoryIO.getInstance().putByteArray(a, code, 0, code.length);
        pm.protectPages(a, pages, PageManager.PROT_READ | PageManager.PROT_EXEC);
        this.address = a;
    }

    public static Trampoline get() {
        Trampoline t = instance;
        if (t == null) {
            synchronized (Trampoline.class) {
                if (instance == null) {
                    instance = new Trampoline(TrampolineCode.of(Sys.trampolineArch()));
                }
                t = instance;
            }
        }
        return t;
    }

    /** Runs clone3 with the table (see SyscallTable); returns the child's pid or -errno. */
    long call(long table) {
        return Invoker.getInstance().invokeL1(context, address, table);
    }
}
