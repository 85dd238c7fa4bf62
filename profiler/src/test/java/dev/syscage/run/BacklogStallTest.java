package dev.syscage.run;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Finding a run's thread that the kernel left waiting at its audit backlog limit. */
class BacklogStallTest {
    @TempDir
    Path proc;

    private void task(long pid, long tid, String wchan) throws Exception {
        Path task = Files.createDirectories(proc.resolve(pid + "/task/" + tid));
        Files.writeString(task.resolve("wchan"), wchan);
    }

    @Test
    void aThreadAsleepInAuditLogStartIsStuckOthersAreNot() throws Exception {
        task(100, 100, "futex_do_wait");
        task(100, 102, "audit_log_start");
        task(200, 200, "do_nanosleep");
        task(300, 300, "0");
        assertTrue(BacklogStall.stuck(proc, List.of(200L, 100L)), "the second thread of 100");
        assertFalse(BacklogStall.stuck(proc, List.of(200L, 300L, 400L)), "asleep elsewhere, unknown, or gone");
    }
}
