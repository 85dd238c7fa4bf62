package dev.syscage.run;

import dev.syscage.nativeparts.NativeContract;
import dev.syscage.nativeparts.NativeContract.MarkerKind;
import dev.syscage.nativeparts.NativeParts;
import dev.syscage.record.AuditRecord;
import dev.syscage.source.Collector;
import dev.syscage.source.RecordSource;
import dev.syscage.syscalls.Arch;
import java.io.IOException;
import java.security.SecureRandom;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Runs a launcher command line while a source collects audit records, then drains: after the target
 * exits it makes an END marker and waits for it, so every record the run produced has been handed on.
 */
public final class AuditedLaunch {
    private static final long DRAIN_SECONDS = 10;

    /** How the target ended and whether every record of the run arrived. */
    public record Outcome(int exitStatus, boolean drained) {
    }

    private final NativeParts parts;
    private final int token = new SecureRandom().nextInt(NativeContract.TOKEN_MAX + 1);

    public AuditedLaunch(NativeParts parts) {
        this.parts = parts;
    }

    /** The token this run's markers carry. */
    public int token() {
        return token;
    }

    /**
     * Starts {@code argv} with the caller's stdin, stdout and stderr, and returns when it has exited and
     * the records have been drained. {@code source} may be null (nothing collected).
     */
    public Outcome run(List<String> argv, RecordSource source, Consumer<AuditRecord> sink)
            throws IOException, InterruptedException {
        if (source == null) return new Outcome(start(argv), false);
        CountDownLatch end = new CountDownLatch(1);
        long endNumber = NativeContract.markerNumber(MarkerKind.END, token);
        long nativeArch = Arch.machine().auditValue();
        Consumer<AuditRecord> watching = r -> {
            sink.accept(r);
            if (r.syscall() == endNumber && r.arch() == nativeArch) end.countDown();
        };
        try (Collector collector = Collector.start(source, watching)) {
            int status = start(argv);
            markEnd();
            boolean drained = end.await(DRAIN_SECONDS, TimeUnit.SECONDS) && collector.failure() == null;
            return new Outcome(status, drained);
        }
    }

    private static int start(List<String> argv) throws IOException, InterruptedException {
        Process target = new ProcessBuilder(argv).inheritIO().start();
        return target.waitFor();
    }

    private void markEnd() throws IOException, InterruptedException {
        Process p = new ProcessBuilder(NativeContract.markEndCommand(parts, token))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        p.waitFor();
    }
}
