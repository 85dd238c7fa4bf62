package dev.syscage.nativeparts;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.List;
import java.util.Map;

/**
 * Which compat ABIs this kernel runs, found once per test run by making the call unconfined. A kernel built
 * without IA32 emulation, or booted with it off, answers {@code int 0x80} with a fault (the probe dies of
 * SIGSEGV): such a call never reaches seccomp, so the tests of i386 filtering cannot run there and are skipped
 * with the reason. x32 calls reach seccomp either way (the kernel answers ENOSYS after the filter when
 * CONFIG_X86_X32_ABI is off), so x32 filtering is tested everywhere; what x32 getpid returns is not.
 */
final class KernelAbis {
    private static final int KILLED_BY_SIGSEGV = 128 + 11;
    private static final NativeRun.Result I386 = NativeRun.run(List.of(NativeRun.PROBE.toString(), "i386-getpid"),
            Map.of());
    private static final NativeRun.Result X32 = NativeRun.run(List.of(NativeRun.PROBE.toString(), "x32-getpid"),
            Map.of());

    static {
        if (I386.status() != 0) {
            System.err.println("KernelAbis: i386 tests are skipped: int 0x80 unconfined gave " + I386);
        }
    }

    private KernelAbis() {
    }

    /** Skips the calling test unless i386 calls reach seccomp on this kernel. */
    static void assumeI386() {
        assumeTrue(I386.status() == 0 && I386.stdout().matches("i386-getpid=[1-9][0-9]*\n"),
                () -> I386.status() == KILLED_BY_SIGSEGV
                        ? "this kernel faults on int 0x80 (IA32 emulation off): i386 calls never reach seccomp"
                        : "i386 getpid does not work unconfined on this kernel: " + I386);
    }

    /** What x32 getpid prints unconfined here: a pid, or -38 (ENOSYS) without the x32 ABI. */
    static String x32Getpid() {
        return X32.stdout();
    }
}
