package dev.syscage.syscalls;

import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeSet;

/** Every name libseccomp knows for one ABI, found by resolving each possible number once. */
final class AbiNames {
    /** Kernel tables end near 470 today (x32's compat calls at 512..547); the rest is headroom. */
    static final int SCAN_LIMIT = 1200;
    /** ARM's private calls (__ARM_NR_BASE + n: cacheflush, set_tls, ...). */
    private static final int ARM_PRIVATE_BASE = 0xf0000;
    private static final int ARM_PRIVATE_COUNT = 0x100;

    private final List<String> sorted;
    private final Map<String, Long> numbers;

    private AbiNames(List<String> sorted, Map<String, Long> numbers) {
        this.sorted = sorted;
        this.numbers = numbers;
    }

    static AbiNames scan(SyscallTable table, Arch abi) {
        Map<String, Long> numbers = new HashMap<>();
        long base = abi == Arch.X32 ? Arch.X32_SYSCALL_BIT : 0;
        for (long n = 0; n < SCAN_LIMIT; n++) {
            record(table, abi, base + n, numbers);
        }
        if (abi == Arch.ARM) {
            for (long n = 0; n < ARM_PRIVATE_COUNT; n++) {
                record(table, abi, ARM_PRIVATE_BASE + n, numbers);
            }
        }
        List<String> sorted = List.copyOf(new TreeSet<>(numbers.keySet()));
        return new AbiNames(sorted, Collections.unmodifiableMap(numbers));
    }

    private static void record(SyscallTable table, Arch abi, long number, Map<String, Long> into) {
        Optional<String> name = table.name(abi, number);
        // First (lowest) number wins when a name appears twice.
        name.ifPresent(n -> into.putIfAbsent(n, number));
    }

    List<String> names() {
        return sorted;
    }

    OptionalLong number(String name) {
        Long n = numbers.get(name);
        return n == null ? OptionalLong.empty() : OptionalLong.of(n);
    }
}
