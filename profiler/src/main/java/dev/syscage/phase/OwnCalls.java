package dev.syscage.phase;

import dev.syscage.syscalls.Arch;
import dev.syscage.syscalls.SyscallTable;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongBiFunction;

/**
 * The preload library's own calls when profiling (native/README.md, "The library's own calls"): between its
 * CROSS and MAIN markers it installs its filter ({@code prctl}, {@code seccomp}) and writes the login uid
 * ({@code openat}, {@code write}); after MAIN it closes that file ({@code close}). They are not the program's.
 * Numbers are looked up per ABI (by AUDIT_ARCH value), as a log may come from another machine.
 */
public final class OwnCalls {
    /** The calls the constructor makes between its CROSS and MAIN markers. */
    public static final List<String> AT_BOUNDARY = List.of("prctl", "seccomp", "openat", "write");
    /** The call it makes right after its MAIN marker. */
    public static final String AFTER_MAIN = "close";

    private final ToLongBiFunction<Long, String> number;
    private final Map<Long, long[]> boundary = new HashMap<>();
    private final Map<Long, Long> close = new HashMap<>();

    /** @param number the number of a call (by name) on the ABI of an AUDIT_ARCH value, -1 when it has none */
    public OwnCalls(ToLongBiFunction<Long, String> number) {
        this.number = number;
    }

    /** Numbered by {@code table} for the ABI of each record (a log may be another machine's). */
    public static OwnCalls of(SyscallTable table) {
        return new OwnCalls((auditArch, name) -> Arch.ofRecord(auditArch, 0)
                .map(abi -> table.number(abi, name).orElse(-1)).orElse(-1L));
    }

    /** True when {@code syscall} on {@code auditArch} is one of the calls the constructor makes at the boundary. */
    boolean atBoundary(long auditArch, long syscall) {
        for (long n : boundary.computeIfAbsent(auditArch,
                a -> AT_BOUNDARY.stream().mapToLong(name -> number.applyAsLong(a, name)).toArray())) {
            if (n == syscall && n >= 0) return true;
        }
        return false;
    }

    /** True when {@code syscall} on {@code auditArch} is the close the constructor makes after its MAIN marker. */
    boolean afterMain(long auditArch, long syscall) {
        long n = close.computeIfAbsent(auditArch, a -> number.applyAsLong(a, AFTER_MAIN));
        return n >= 0 && n == syscall;
    }
}
