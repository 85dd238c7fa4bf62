package dev.syscage.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reading, comparing and exporting profiles works on a host without libseccomp (issue 17 item 6): the test hides
 * the library in a mount namespace of its own (the real file, bind-mounted over by /dev/null, so neither soname
 * loads) and runs the commands there.
 */
@Tag("kernel")
class WithoutLibseccompTest {
    private static final Path LIB = Path.of("/usr/lib/x86_64-linux-gnu/libseccomp.so.2");

    @TempDir
    static Path dir;
    static Path profile;

    @BeforeAll
    static void learn() throws Exception {
        profile = Syscage.learn(dir, "myos");
    }

    /** {@code syscage ARGS} where libseccomp cannot be loaded. */
    private static Syscage.Result hidden(String... args) throws Exception {
        Path real = LIB.toRealPath();
        return Syscage.cliVia(List.of("unshare", "-m", "sh", "-c",
                "mount --make-rprivate / && mount --bind /dev/null \"$0\" && exec \"$@\"", real.toString()), dir, args);
    }

    @Test
    void showDiffMergeAndExportNeedNoLibseccomp() throws Exception {
        Syscage.Result show = hidden("show", profile.toString());
        assertEquals(0, show.exit(), show.toString());
        assertTrue(show.stdout().contains("exit_group"), show.toString());
        assertTrue(show.stderr().contains("syscall names are not checked"), show.toString());

        Syscage.Result diff = hidden("diff", profile.toString(), profile.toString());
        assertEquals(0, diff.exit(), diff.toString());

        Syscage.Result merge = hidden("merge", "-o", dir.resolve("merged.yaml").toString(), profile.toString(),
                profile.toString());
        assertEquals(0, merge.exit(), merge.toString());

        for (String format : List.of("docker", "systemd", "syscage")) {
            Syscage.Result export = hidden("export", "--format", format, "-o", dir.resolve("out." + format).toString(),
                    profile.toString());
            assertEquals(0, export.exit(), format + ": " + export);
            assertTrue(Files.readString(dir.resolve("out." + format)).contains("exit_group"), format);
        }
    }

    /** Unchecked is said, never silent; with libseccomp the same misspelling is an error naming the line. */
    @Test
    void aMisspeltNameIsTakenWithAWarningOnlyWhereNothingCanCheckIt() throws Exception {
        Path typo = dir.resolve("typo.yaml");
        Files.writeString(typo, Files.readString(profile).replace("exit_group", "exit_grop"));
        Syscage.Result without = hidden("show", typo.toString());
        assertEquals(0, without.exit(), without.toString());
        assertTrue(without.stderr().contains("syscage: warning: syscall names are not checked (cannot load libseccomp"),
                without.toString());
        Syscage.Result with = Syscage.cli(dir, "show", typo.toString());
        assertEquals(2, with.exit(), with.toString());
        assertTrue(with.stderr().contains("unknown syscall 'exit_grop'"), with.toString());
        assertFalse(with.stderr().contains("not checked"), with.toString());
    }

    /** Learning needs the names: without the library, profile refuses in one line and starts nothing. */
    @Test
    void profileSaysItNeedsLibseccomp() throws Exception {
        Syscage.Result r = hidden("profile", "-o", dir.resolve("p.yaml").toString(), "--", "/bin/true");
        assertTrue(r.exit() != 0, r.toString());
        assertTrue(r.stderr().contains("libseccomp"), r.toString());
        assertEquals(1, r.stderr().strip().lines().count(), r.toString());
        assertFalse(Files.exists(dir.resolve("p.yaml")), r.toString());
    }
}
