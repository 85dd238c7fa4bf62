package dev.syscage.syscalls;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A system call ABI, named as libseccomp names it. The audit value is the token libseccomp and the
 * kernel use for it (AUDIT_ARCH_* in linux/audit.h, SCMP_ARCH_* in seccomp.h).
 */
public enum Arch {
    X86_64("x86_64", 0xc000003eL),
    X86("x86", 0x40000003L),
    // libseccomp's own token (EM_X86_64|LE, no 64-bit flag); the kernel never logs it: x32 calls
    // arrive as AUDIT_ARCH_X86_64 with X32_SYSCALL_BIT set in the number.
    X32("x32", 0x4000003eL),
    AARCH64("aarch64", 0xc00000b7L),
    ARM("arm", 0x40000028L),
    RISCV64("riscv64", 0xc00000f3L),
    PPC64LE("ppc64le", 0xc0000015L),
    S390X("s390x", 0x80000016L);

    /** __X32_SYSCALL_BIT from asm/unistd.h. */
    public static final long X32_SYSCALL_BIT = 0x40000000L;

    private final String seccompName;
    private final long auditValue;

    Arch(String seccompName, long auditValue) {
        this.seccompName = seccompName;
        this.auditValue = auditValue;
    }

    public String seccompName() {
        return seccompName;
    }

    public long auditValue() {
        return auditValue;
    }

    @Override
    public String toString() {
        return seccompName;
    }

    /**
     * The number as the kernel and libseccomp use it for this ABI: x32 numbers carry
     * X32_SYSCALL_BIT, so x32 getpid is 0x40000000 + 39 whether or not the caller added the bit.
     */
    public long canonicalNumber(long number) {
        if (this == X32 && number >= 0 && number < X32_SYSCALL_BIT) {
            return number | X32_SYSCALL_BIT;
        }
        return number;
    }

    public static Optional<Arch> byName(String name) {
        for (Arch a : values()) {
            if (a.seccompName.equals(name)) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }

    /** The ABI of one audit record ({@code arch=} and {@code syscall=} fields). */
    public static Optional<Arch> ofRecord(long auditArch, long syscallNr) {
        if (auditArch == X86_64.auditValue && (syscallNr & X32_SYSCALL_BIT) != 0) {
            return Optional.of(X32);
        }
        for (Arch a : values()) {
            if (a.auditValue == auditArch) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }

    /**
     * The other ABIs a kernel of this native ABI can run, i.e. the ones a filter for it must
     * consider (64-bit kernels run 32-bit code through a second syscall table).
     */
    public List<Arch> secondaryAbis() {
        switch (this) {
            case X86_64:
                return List.of(X86, X32);
            case AARCH64:
                return List.of(ARM);
            default:
                return List.of();
        }
    }

    /**
     * This machine's native ABI, i.e. the JVM's: libseccomp's seccomp_arch_native() is the ABI of
     * the process too, so both agree without loading native code.
     */
    public static Arch machine() {
        String os = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        switch (os) {
            case "amd64":
            case "x86_64":
                return X86_64;
            case "x86":
            case "i386":
            case "i486":
            case "i586":
            case "i686":
                return X86;
            case "aarch64":
            case "arm64":
                return AARCH64;
            case "arm":
            case "armv7l":
            case "aarch32":
                return ARM;
            case "riscv64":
                return RISCV64;
            case "ppc64le":
                return PPC64LE;
            case "s390x":
                return S390X;
            default:
                throw new IllegalStateException("unsupported machine architecture '" + os
                        + "'; syscage supports " + List.of(values()));
        }
    }
}
