package dev.syscage.source;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.syscage.record.LineSplitter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Following a log through rotations the way auditd does them, on real files. */
class LogFollowerTest {
    @TempDir
    Path dir;

    private final List<String> lines = new ArrayList<>();
    private final LineSplitter splitter = new LineSplitter();
    private final LineSplitter.Handler handler =
            (b, from, to) -> lines.add(new String(b, from, to - from, StandardCharsets.ISO_8859_1));

    private Path log() {
        return dir.resolve("audit.log");
    }

    private void append(String text) throws IOException {
        Files.writeString(log(), text, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    /** auditd's rotation: .N-1 → .N, …, audit.log → .1, keeping {@code keep} numbered files; a new audit.log. */
    private void rotate(int keep) throws IOException {
        Files.deleteIfExists(dir.resolve("audit.log." + keep));
        for (int i = keep - 1; i >= 1; i--) {
            Path from = dir.resolve("audit.log." + i);
            if (Files.exists(from)) Files.move(from, dir.resolve("audit.log." + (i + 1)));
        }
        Files.move(log(), dir.resolve("audit.log.1"));
        Files.writeString(log(), "");
    }

    private void readAll(LogFollower f) throws IOException {
        for (int i = 0; i < 20; i++) f.read(splitter, handler, Long.MAX_VALUE);
    }

    @Test
    void startsAtTheEndAndFollowsAppends() throws IOException {
        append("old 1\nold 2\n");
        try (LogFollower f = LogFollower.atEnd(log())) {
            append("new 1\nnew");
            readAll(f);
            assertEquals(List.of("new 1"), lines, "a partial line waits for its end");
            append(" 2\n");
            readAll(f);
            assertEquals(List.of("new 1", "new 2"), lines);
        }
    }

    @Test
    void losesNothingAcrossRotations() throws IOException {
        append("before\n");
        try (LogFollower f = LogFollower.atEnd(log())) {
            append("a\n");
            readAll(f);
            append("b\n");   // written before the rotation, not yet read
            rotate(5);
            append("c\n");
            readAll(f);
            assertEquals(List.of("a", "b", "c"), lines);
            // Three rotations between two reads: each file is read, oldest first.
            append("d\n");
            rotate(5);
            append("e\n");
            rotate(5);
            append("f\n");
            rotate(5);
            append("g\n");
            readAll(f);
            assertEquals(List.of("a", "b", "c", "d", "e", "f", "g"), lines);
            assertEquals(4, f.rotations());
        }
    }

    @Test
    void aFileDeletedByTheRotationWasReadThroughItsChannel() throws IOException {
        append("");
        try (LogFollower f = LogFollower.atEnd(log())) {
            append("a\n");
            rotate(1);          // audit.log → .1
            append("b\n");
            rotate(1);          // .1 (our file) deleted, audit.log → .1
            append("c\n");
            readAll(f);
            assertEquals(List.of("a", "b", "c"), lines);
        }
    }

    @Test
    void aTruncatedFileIsReadAgainFromItsStart() throws IOException {
        append("x\n");
        try (LogFollower f = LogFollower.atEnd(log())) {
            append("a\n");
            readAll(f);
            Files.writeString(log(), "");
            append("b\n");
            readAll(f);
            assertEquals(List.of("a", "b"), lines);
        }
    }

    @Test
    void unreadCountsWhatWaitsAndAnyRotationOrTruncationAsMuch() throws IOException {
        append("x\n");
        try (LogFollower f = LogFollower.atEnd(log())) {
            assertEquals(0, f.unread());
            append("abc\n");
            assertEquals(4, f.unread());
            readAll(f);
            assertEquals(0, f.unread());
            rotate(5);
            assertEquals(Long.MAX_VALUE, f.unread(), "the writer moved on to a file not opened yet");
            readAll(f);
            assertEquals(0, f.unread());
            append("a long line\n");
            readAll(f);
            Files.writeString(log(), "b\n");
            assertEquals(Long.MAX_VALUE, f.unread(), "shorter than what was read: truncated and rewritten");
        }
    }

    @Test
    void aReadStopsOnceItHasItsLimit() throws IOException {
        append("");
        try (LogFollower f = LogFollower.atEnd(log())) {
            String line = "x".repeat(99) + "\n";
            append(line.repeat(10_000)); // 1,000,000 bytes, several of the splitter's reads
            long first = f.read(splitter, handler, 1);
            assertEquals(1_000_000 - first, f.unread());
            assertEquals(first / 100, lines.size(), "whole lines of what was read");
            long rest = f.read(splitter, handler, Long.MAX_VALUE);
            assertEquals(1_000_000, first + rest);
            assertEquals(10_000, lines.size());
        }
    }
}
