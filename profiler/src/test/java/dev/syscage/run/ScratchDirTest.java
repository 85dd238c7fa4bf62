package dev.syscage.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The launcher's report names the run's audit session: it lives where no other user can swap it. */
class ScratchDirTest {
    @TempDir
    Path dir;

    @Test
    void aParentOthersCanWriteMustBeSticky() throws IOException {
        Path open = Files.createDirectory(dir.resolve("open"));
        Files.setAttribute(open, "unix:mode", 0777);
        IOException e = assertThrows(IOException.class, () -> ScratchDir.create(open));
        assertTrue(e.getMessage().contains("writable by others and not sticky"), e.getMessage());
        try (var listing = Files.list(open)) {
            assertEquals(0, listing.count(), "nothing left behind");
        }
        Files.setAttribute(open, "unix:mode", 01777);
        try (ScratchDir scratch = ScratchDir.create(open)) {
            Path report = scratch.file("session");
            assertEquals(0700, (Integer) Files.getAttribute(report.getParent(), "unix:mode") & 07777);
        }
    }
}
