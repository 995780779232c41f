package dev.jrun.linux;

/**
 * The clone3 trampoline's machine code, assembled from src/main/asm/trampoline-ARCH.S (TrampolineBytesTest
 * reassembles the sources with binutils and compares). In the class, as hex, rather than in a resource file:
 * reading a resource opens jrun's jar and parses its central directory, which every class the CDS archive
 * supplies avoids; it was ~12% of the profile samples of an oci create (async-profiler, 8 runs).
 */
final class TrampolineCode {
    /** objcopy -O binary -j .text of trampoline-x86_64.S. */
    static final String X86_64 = "534889fb488b3b488b7308b8b30100000f054885c074025bc34c8b63184531ed4c3b6b107371498b0424498b7c240841"
            + "f644243c0174034c89f7498b742410498b5424184d8b5424204d8b4424284d8b4c24300f05483d01f0ffff73214989c6"
            + "41f644243c02740d4885c074084889433031ffeb244983c44049ffc5eba248f7d8413b44243874ed4c896b2048894328"
            + "bf7f000000eb0231ffb8e70000000f05f4";
    /** objcopy -O binary -j .text of trampoline-aarch64.S. */
    static final String AARCH64 = "f353bea9f50b00f9f30300aa600240f9610640f9683680d2010000d4800000b4f50b40f9f353c2a8c0035fd6740e40f9"
            + "150080d2690a40f9bf0209eba2030054880240f9808640a98a3e40b94a000036e00316aa828e41a9849642a9010000d4"
            + "1ffc3fb162010054f60300aa8a3e40b9aa000836800000b4601a00f9000080d20d00001494020191b5060091eaffff17"
            + "e90300cb8a3a40b93f010a6b40ffff54751200f9691600f9e00f80d202000014000080d2c80b80d2010000d4000020d4";

    private TrampolineCode() {
    }

    /** The code for an architecture as Sys names it ("x86_64", "aarch64"). */
    static byte[] of(String arch) {
        String hex = switch (arch) {
            case "x86_64" -> X86_64;
            case "aarch64" -> AARCH64;
            default -> throw new IllegalArgumentException("no trampoline for " + arch);
        };
        byte[] b = new byte[hex.length() / 2];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) (Character.digit(hex.charAt(2 * i), 16) << 4 | Character.digit(hex.charAt(2 * i + 1), 16));
        }
        return b;
    }
}
