package dev.syscage.syscalls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class ArchTest {
    private static final long BIT64 = 0x80000000L;
    private static final long LE = 0x40000000L;

    /** Recomputes AUDIT_ARCH_* from the installed linux/elf-em.h, as linux/audit.h defines them. */
    @Test
    void auditValuesMatchKernelHeaders() throws IOException {
        Path header = Path.of("/usr/include/linux/elf-em.h");
        assumeTrue(Files.exists(header), "kernel headers not installed");
        Map<String, Long> em = new HashMap<>();
        Matcher m = Pattern.compile("#define\\s+(EM_\\w+)\\s+(\\d+)").matcher(Files.readString(header));
        while (m.find()) {
            em.put(m.group(1), Long.parseLong(m.group(2)));
        }
        assertEquals(em.get("EM_X86_64") | BIT64 | LE, Arch.X86_64.auditValue());
        assertEquals(em.get("EM_386") | LE, Arch.X86.auditValue());
        assertEquals(em.get("EM_X86_64") | LE, Arch.X32.auditValue()); // SCMP_ARCH_X32 in seccomp.h
        assertEquals(em.get("EM_AARCH64") | BIT64 | LE, Arch.AARCH64.auditValue());
        assertEquals(em.get("EM_ARM") | LE, Arch.ARM.auditValue());
        assertEquals(em.get("EM_RISCV") | BIT64 | LE, Arch.RISCV64.auditValue());
        assertEquals(em.get("EM_PPC64") | BIT64 | LE, Arch.PPC64LE.auditValue());
        assertEquals(em.get("EM_S390") | BIT64, Arch.S390X.auditValue());
    }

    @Test
    void byNameUsesLibseccompNames() {
        assertEquals(Optional.of(Arch.X86_64), Arch.byName("x86_64"));
        assertEquals(Optional.of(Arch.X32), Arch.byName("x32"));
        assertEquals(Optional.empty(), Arch.byName("amd64"));
        assertEquals(Optional.empty(), Arch.byName("X86_64"));
    }

    @Test
    void x32RecordsAreX8664ArchWithTheX32Bit() {
        assertEquals(Optional.of(Arch.X86_64), Arch.ofRecord(0xc000003eL, 39));
        assertEquals(Optional.of(Arch.X32), Arch.ofRecord(0xc000003eL, 0x40000000L + 39));
        assertEquals(Optional.of(Arch.X86), Arch.ofRecord(0x40000003L, 20));
        assertEquals(Optional.empty(), Arch.ofRecord(0x12345L, 1));
    }

    @Test
    void canonicalX32NumbersCarryTheBit() {
        assertEquals(0x40000000L + 39, Arch.X32.canonicalNumber(39));
        assertEquals(0x40000000L + 39, Arch.X32.canonicalNumber(0x40000000L + 39));
        assertEquals(39, Arch.X86_64.canonicalNumber(39));
    }

    @Test
    void machineIsThisJvmsAbi() {
        String os = System.getProperty("os.arch");
        assumeTrue("amd64".equals(os), "test written for x86_64 machines");
        assertEquals(Arch.X86_64, Arch.machine());
        assertTrue(Arch.machine().secondaryAbis().contains(Arch.X32));
    }
}
