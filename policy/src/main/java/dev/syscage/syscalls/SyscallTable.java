package dev.syscage.syscalls;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Syscall names as the installed libseccomp knows them. syscage never carries its own list: the
 * names it writes must be the ones the enforcing side (which links libseccomp) accepts.
 */
public final class SyscallTable implements SyscallNames {
    private static final String FIX = "install the libseccomp2 package";
    private static volatile SyscallTable instance;

    private final Libseccomp lib;
    private final Map<Arch, Map<Long, Optional<String>>> nameCache = new ConcurrentHashMap<>();
    private final Map<Arch, AbiNames> scanned = new ConcurrentHashMap<>();

    private SyscallTable(Libseccomp lib) {
        this.lib = lib;
    }

    /** The shared table; throws SyscallTableException if libseccomp cannot be loaded. */
    public static SyscallTable get() {
        SyscallTable t = instance;
        if (t == null) {
            synchronized (SyscallTable.class) {
                t = instance;
                if (t == null) {
                    t = new SyscallTable(load());
                    instance = t;
                }
            }
        }
        return t;
    }

    private static Libseccomp load() {
        return load("libseccomp.so.2", "seccomp");
    }

    /** Loads the first library that works: the runtime soname, then the development link. */
    static Libseccomp load(String soname, String fallback) {
        try {
            return Native.load(soname, Libseccomp.class);
        } catch (UnsatisfiedLinkError first) {
            try {
                return Native.load(fallback, Libseccomp.class);
            } catch (UnsatisfiedLinkError second) {
                throw new SyscallTableException("cannot load libseccomp (" + soname + "): "
                        + oneLine(first.getMessage()) + "; " + FIX, first);
            }
        }
    }

    private static String oneLine(String s) {
        if (s == null) {
            return "not found";
        }
        String line = s.strip().lines().findFirst().orElse("not found");
        return line.length() > 200 ? line.substring(0, 200) + "..." : line;
    }

    /**
     * The name of syscall {@code number} of {@code abi}, empty if libseccomp does not know it. For
     * x32 the number may be given with or without X32_SYSCALL_BIT (libseccomp accepts both).
     */
    public Optional<String> name(Arch abi, long number) {
        long key = abi.canonicalNumber(number);
        if (key < 0 || key > Integer.MAX_VALUE) {
            return Optional.empty();
        }
        return nameCache.computeIfAbsent(abi, a -> new ConcurrentHashMap<>())
                .computeIfAbsent(key, n -> resolve(abi, n));
    }

    private Optional<String> resolve(Arch abi, long number) {
        Pointer p = lib.seccomp_syscall_resolve_num_arch((int) abi.auditValue(), (int) number);
        if (p == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(p.getString(0, "US-ASCII"));
        } finally {
            // libseccomp strdup()s the name; it must go back to the same malloc.
            Native.free(Pointer.nativeValue(p));
        }
    }

    /**
     * The kernel number of {@code name} on {@code abi}, empty if unknown. Where libseccomp answers
     * with a pseudo number (x86's socket calls, multiplexed through socketcall on old kernels) the
     * direct kernel number is returned, because that is what audit records carry.
     */
    public OptionalLong number(Arch abi, String name) {
        if (name == null || name.isEmpty()) {
            return OptionalLong.empty();
        }
        int n = lib.seccomp_syscall_resolve_name_arch((int) abi.auditValue(), name);
        if (n >= 0) {
            return OptionalLong.of(n);
        }
        return scanned(abi).number(name);
    }

    /** Whether libseccomp knows {@code name} as a syscall of {@code abi}. */
    @Override
    public boolean knows(Arch abi, String name) {
        return number(abi, name).isPresent();
    }

    /** All names libseccomp knows for {@code abi}, sorted. */
    public List<String> names(Arch abi) {
        return scanned(abi).names();
    }

    /** The known name closest to {@code unknown}, if one is close enough to be a likely typo. */
    @Override
    public Optional<String> closest(Arch abi, String unknown) {
        if (unknown == null || unknown.isEmpty()) {
            return Optional.empty();
        }
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : names(abi)) { // sorted, so ties go to the first name alphabetically
            int d = EditDistance.between(unknown, candidate);
            if (d < bestDistance) {
                best = candidate;
                bestDistance = d;
            }
        }
        // Beyond this a suggestion is noise rather than help.
        int limit = Math.max(2, unknown.length() / 3);
        return bestDistance <= limit ? Optional.ofNullable(best) : Optional.empty();
    }

    @Override
    public String authority() {
        return "libseccomp " + libseccompVersion();
    }

    /** The loaded library's version, e.g. "2.5.4". */
    public String libseccompVersion() {
        Pointer v = lib.seccomp_version();
        if (v == null) {
            return "unknown";
        }
        return Integer.toUnsignedString(v.getInt(0)) + "." + Integer.toUnsignedString(v.getInt(4))
                + "." + Integer.toUnsignedString(v.getInt(8));
    }

    private AbiNames scanned(Arch abi) {
        return scanned.computeIfAbsent(abi, a -> AbiNames.scan(this, a));
    }
}
