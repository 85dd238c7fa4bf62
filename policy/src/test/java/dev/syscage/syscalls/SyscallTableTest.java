package dev.syscage.syscalls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** Against the installed libseccomp (2.5.4 on the reference machine), not a mock. */
class SyscallTableTest {
    private final SyscallTable table = SyscallTable.get();

    @Test
    void singleton() {
        assertSame(table, SyscallTable.get());
    }

    @Test
    void getpidOnEachX86Abi() {
        assertEquals(OptionalLong.of(39), table.number(Arch.X86_64, "getpid"));
        assertEquals(OptionalLong.of(20), table.number(Arch.X86, "getpid"));
        assertEquals(OptionalLong.of(0x40000000L + 39), table.number(Arch.X32, "getpid"));
        assertEquals(Optional.of("getpid"), table.name(Arch.X86_64, 39));
        assertEquals(Optional.of("getpid"), table.name(Arch.X86, 20));
    }

    @Test
    void x32NamesResolveWithOrWithoutTheBit() {
        assertEquals(Optional.of("getpid"), table.name(Arch.X32, 0x40000000L + 39));
        assertEquals(Optional.of("getpid"), table.name(Arch.X32, 39));
        // x32's own compat entry points live at 512 and up.
        assertEquals(Optional.of("rt_sigaction"), table.name(Arch.X32, 0x40000000L + 512));
    }

    @Test
    void unknownNumbersAndNames() {
        assertEquals(Optional.empty(), table.name(Arch.X86_64, 999));
        assertEquals(Optional.empty(), table.name(Arch.X86_64, -1));
        assertEquals(Optional.empty(), table.name(Arch.X86_64, 1L << 40));
        assertEquals(OptionalLong.empty(), table.number(Arch.X86_64, "wrte"));
        assertEquals(OptionalLong.empty(), table.number(Arch.X86_64, "462"));
        assertEquals(OptionalLong.empty(), table.number(Arch.X86_64, ""));
        // socketcall exists on x86 only.
        assertFalse(table.knows(Arch.X86_64, "socketcall"));
        assertTrue(table.knows(Arch.X86, "socketcall"));
    }

    @Test
    void number462IsUnknownToLibseccomp254() {
        assumeTrue(table.libseccompVersion().startsWith("2.5."), "libseccomp 2.5 only");
        assertEquals(Optional.empty(), table.name(Arch.X86_64, 462));
    }

    /** libseccomp answers x86 "socket" with a pseudo number (-101); audit records carry 359. */
    @Test
    void multiplexedCallsGetTheirDirectNumber() {
        assertEquals(OptionalLong.of(359), table.number(Arch.X86, "socket"));
        assertEquals(Optional.of("socket"), table.name(Arch.X86, 359));
        assertEquals(OptionalLong.of(41), table.number(Arch.X86_64, "socket"));
    }

    @Test
    void namesAreSortedCompleteAndWellFormed() {
        for (Arch abi : Arch.values()) {
            List<String> names = table.names(abi);
            assertEquals(new TreeSet<>(names).stream().toList(), names, abi + " sorted, unique");
            assertTrue(names.size() > 250, abi + " has " + names.size() + " names");
            for (String n : names) {
                assertTrue(n.matches("[a-z_][a-z0-9_]*"), abi + ": odd name " + n);
                assertTrue(table.knows(abi, n), abi + ": " + n + " does not resolve back");
            }
        }
        assertTrue(table.names(Arch.X86_64).contains("write"));
        assertTrue(table.names(Arch.X32).contains("getpid"));
        assertTrue(table.names(Arch.ARM).contains("set_tls"), "ARM private calls are scanned");
        assertFalse(table.names(Arch.X86_64).contains("socketcall"));
    }

    @Test
    void closestSuggestsLikelyTypos() {
        assertEquals(Optional.of("write"), table.closest(Arch.X86_64, "wrte"));
        assertEquals(Optional.of("getpid"), table.closest(Arch.X86, "getpdi"));
        assertEquals(Optional.of("openat"), table.closest(Arch.X86_64, "opneat"));
        assertEquals(Optional.empty(), table.closest(Arch.X86_64, "qqqqqqqqqqqqqqq"));
        assertEquals(Optional.empty(), table.closest(Arch.X86_64, ""));
    }

    @Test
    void missingLibraryGivesAOneLineFix() {
        SyscallTableException e = assertThrows(SyscallTableException.class,
                () -> SyscallTable.load("libseccomp-does-not-exist.so.9", "seccomp-does-not-exist"));
        assertTrue(e.getMessage().startsWith("cannot load libseccomp (libseccomp-does-not-exist.so.9): "),
                e.getMessage());
        assertTrue(e.getMessage().endsWith("; install the libseccomp2 package"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
    }

    @Test
    void versionLooksLikeOne() {
        assertTrue(table.libseccompVersion().matches("\\d+\\.\\d+\\.\\d+"), table.libseccompVersion());
    }
}
