package dev.syscage.record;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Coverage-guided fuzzing of the audit record parser (Jazzer): it reads untrusted log text, so it must
 * never throw, and whatever it returns must be a record syscage can use.
 */
class RecordParserFuzzTest {

    @FuzzTest(maxDuration = "20s")
    void anyTextParsesOrIsRejected(FuzzedDataProvider data) {
        AuditRecord r = RecordParser.parse(data.consumeRemainingAsString());
        if (r == null) return;
        assertTrue(r.serial() >= 0 && r.epochMillis() >= 0, r.toString());
        assertTrue(r.pid() >= 0 && r.arch() >= 0 && r.syscall() >= 0, r.toString());
    }
}
