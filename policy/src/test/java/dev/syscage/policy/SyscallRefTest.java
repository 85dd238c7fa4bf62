package dev.syscage.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.syscage.syscalls.Arch;
import dev.syscage.syscalls.SyscallTable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class SyscallRefTest {
    @Test
    void parseAndTextAreInverse() {
        for (String text : List.of("write", "462", "x86:getpid", "x32:1073742286", "_llseek")) {
            assertEquals(text, SyscallRef.parse(text).text());
        }
        assertEquals(new SyscallRef(Arch.X86, "getpid"), SyscallRef.parse("x86:getpid"));
        assertEquals(new SyscallRef(null, "write"), SyscallRef.parse("write"));
    }

    @Test
    void numbersHaveOneSpelling() {
        SyscallRef ref = SyscallRef.parse("0462");
        assertTrue(ref.isNumber());
        assertEquals("462", ref.name());
        assertEquals(462, ref.number());
        assertFalse(SyscallRef.parse("write").isNumber());
    }

    @Test
    void malformedTextIsRefused() {
        for (String bad : List.of("", "-5", "Write", "wr ite", "x87:getpid", "x86:", "1234567890123456789",
                "0x1ce", "9abc")) {
            assertThrows(IllegalArgumentException.class, () -> SyscallRef.parse(bad), bad);
        }
    }

    @Test
    void orderIsNativeFirstThenAbiNameNamesBeforeNumbers() {
        List<String> expected = List.of("close", "read", "write", "9", "100", "462",
                "x32:getpid", "x32:1073741900", "x86:getpid", "x86:read", "x86:7");
        List<SyscallRef> refs = new ArrayList<>();
        expected.forEach(t -> refs.add(SyscallRef.parse(t)));
        List<SyscallRef> shuffled = new ArrayList<>(refs);
        Collections.shuffle(shuffled, new java.util.Random(42));
        Collections.sort(shuffled);
        assertEquals(refs, shuffled);
    }

    @Test
    void ofNamesWhatLibseccompKnowsAndKeepsTheRest() {
        SyscallTable t = SyscallTable.get();
        assertEquals(SyscallRef.parse("getpid"), SyscallRef.of(Arch.X86_64, Arch.X86_64, 39, t));
        assertEquals(SyscallRef.parse("x86:getpid"), SyscallRef.of(Arch.X86_64, Arch.X86, 20, t));
        assertEquals(SyscallRef.parse("x32:getpid"),
                SyscallRef.of(Arch.X86_64, Arch.X32, 0x40000000L + 39, t));
        assertEquals(SyscallRef.parse("999"), SyscallRef.of(Arch.X86_64, Arch.X86_64, 999, t));
        // Unknown x32 numbers are kept as the kernel logs them, with the x32 bit.
        assertEquals(SyscallRef.parse("x32:" + (0x40000000L + 999)),
                SyscallRef.of(Arch.X86_64, Arch.X32, 999, t));
    }

    @Test
    void relativeToDropsTheProfilesOwnPrefix() {
        assertEquals(SyscallRef.parse("write"), SyscallRef.parse("x86_64:write").relativeTo(Arch.X86_64));
        assertEquals(SyscallRef.parse("x86:write"), SyscallRef.parse("x86:write").relativeTo(Arch.X86_64));
    }
}
