package dev.syscage.nativeparts;

import static dev.syscage.nativeparts.NativeRun.AUDITWATCH;
import static dev.syscage.nativeparts.NativeRun.drain;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;

/** auditwatch, started and ready: it prints the audit stream's SECCOMP records up to the one of a given call. */
record AuditWatch(Process process, BufferedReader lines, CompletableFuture<String> errors) {
    private static final Pattern FIELD = Pattern.compile("\\b(ses|pid|arch|syscall)=([0-9a-fx]+)");

    /** The fields of one SECCOMP record the tests look at. */
    record Rec(long ses, long pid, String arch, long syscall) {
        static Rec parse(String line) {
            Matcher m = FIELD.matcher(line);
            long ses = -1, pid = -1, syscall = -1;
            String arch = "";
            while (m.find()) {
                switch (m.group(1)) {
                    case "ses" -> ses = Long.parseLong(m.group(2));
                    case "pid" -> pid = Long.parseLong(m.group(2));
                    case "arch" -> arch = m.group(2);
                    default -> syscall = Long.parseLong(m.group(2));
                }
            }
            return new Rec(ses, pid, arch, syscall);
        }
    }

    /** Starts auditwatch and waits until it listens; skips the test where the audit stream cannot be read. */
    static AuditWatch until(long stop) throws Exception {
        Process watch = new ProcessBuilder(AUDITWATCH.toString(), Long.toString(stop)).start();
        var errors = drain(watch.getErrorStream());
        BufferedReader lines = new BufferedReader(new InputStreamReader(watch.getInputStream(), StandardCharsets.UTF_8));
        String first = lines.readLine();
        if (first == null) {
            watch.waitFor();
            Assumptions.assumeTrue(watch.exitValue() != 77, "cannot read the audit stream: " + errors.join());
            fail("auditwatch failed: " + errors.join());
        }
        assertEquals("ready", first);
        return new AuditWatch(watch, lines, errors);
    }

    /** The records up to and with the one of {@code stop}. */
    List<Rec> records() throws Exception {
        List<Rec> recs = new ArrayList<>();
        for (String line; (line = lines.readLine()) != null; ) {
            recs.add(Rec.parse(line));
        }
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
        assertEquals(0, process.exitValue(), "the record to stop at never came: " + errors.join());
        return recs;
    }
}
