package dev.syscage.run;

import dev.syscage.nativeparts.NativeContract;
import dev.syscage.nativeparts.NativeContract.Marker;
import dev.syscage.nativeparts.NativeContract.MarkerKind;
import dev.syscage.nativeparts.NativeParts;
import dev.syscage.phase.EndMarks;
import dev.syscage.record.AuditRecord;
import dev.syscage.source.Collector;
import dev.syscage.source.RecordSource;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Runs a launcher command line while a source collects audit records, then drains: after the target
 * exits it makes an END marker and waits until the source shows it. The kernel queues audit records in
 * order, so once the END record is seen every record of the run has been handed on (or lost).
 *
 * <p>The same drain serves every source. Lossless sources show the END record, however far behind they
 * are (auditd writes its log asynchronously; a busy netlink socket has a backlog): the drain waits as long
 * as records keep coming. A lossy source (the rate-limited kernel log) may drop the END record itself;
 * the drain knows it did once the source shows a record made after the marker, and marks again, a few
 * times, before giving up: the run is then incomplete.
 */
public final class AuditedLaunch {
    /** Give up when the source delivered nothing for this long after a mark. */
    private static final long IDLE_MILLIS = 10_000;
    /** Mark again after this long without the END record (a lossy source may have dropped it). */
    private static final long REMARK_MILLIS = 1_000;
    private static final int MAX_MARKS = 10;
    /** Kernel timestamps are coarse (a few ms); a record this much younger than the mark was made after it. */
    private static final long CLOCK_SLACK_MILLIS = 20;
    /**
     * After the END record: a record numbered before it can still be on its way (another CPU took its serial
     * number earlier but queued it later). Loss is judged on serial numbers, so while some below END are
     * unseen, wait this long at most for them.
     */
    private static final long SETTLE_MILLIS = 100;

    /**
     * How the target ended, whether the source showed the END of the run, the highest serial the source had
     * shown when the target started (-1: none), below which no record of the run can be, whether syscage
     * ended the run early, and how many times it woke threads the kernel had left waiting ({@link BacklogStall}).
     */
    public record Outcome(int exitStatus, boolean drained, long serialBefore, Ending ending, int nudges) {
    }

    /**
     * How syscage watches a run: {@code timeout} ends it (null: never); {@code sessions}, the audit sessions of
     * the run so far, find its processes (daemons that left the target included) to signal them;
     * {@code started} is told the target's process once it runs.
     */
    public record Watch(Duration timeout, Supplier<Set<Long>> sessions, Consumer<ProcessHandle> started) {
    }

    private final NativeParts parts;
    private final SecureRandom random = new SecureRandom();
    private final int token = random.nextInt(NativeContract.TOKEN_MAX + 1);
    /** The key of this run's END markers: only syscage and its {@code --mark-end} processes know it. */
    private final long endKey = random.nextLong() & NativeContract.END_KEY_MAX;
    /** The pids of the {@code --mark-end} processes started so far: the only processes that can end the run. */
    private final Set<Long> endSenders = ConcurrentHashMap.newKeySet();
    private volatile long newestRecordMillis;
    private volatile Collector collector;
    private volatile long serialBefore = -1;

    public AuditedLaunch(NativeParts parts) {
        this.parts = parts;
    }

    /** The token this run's markers carry. */
    public int token() {
        return token;
    }

    /** The key this run's END markers carry; the launcher gets it in {@link NativeContract#ENV_END_KEY}. */
    public long endKey() {
        return endKey;
    }

    /** True for the pid of a {@code --mark-end} process of this launch: only its END markers count. */
    public boolean endSender(long pid) {
        return endSenders.contains(pid);
    }

    /**
     * Starts {@code command} with the caller's stdin, stdout and stderr, and returns when it has exited and
     * the records have been drained. {@code source} may be null (nothing collected).
     */
    public Outcome run(Command command, RecordSource source, Consumer<AuditRecord> sink, Watch watch)
            throws IOException, InterruptedException {
        RunProcesses.adoptOrphans();
        RunProcesses.shield();
        preflight();
        // The sessions as the records so far tell them, records still waiting in the source included.
        Supplier<Set<Long>> sessions = () -> {
            Collector c = collector;
            if (c != null) c.catchUp();
            return watch.sessions().get();
        };
        Supervisor supervisor = new Supervisor(sessions, watch.timeout());
        try (Interrupts interrupts = Interrupts.install(supervisor::signal)) {
            if (source == null) {
                int status = supervisor.await(start(command, watch));
                return new Outcome(status, false, -1, supervisor.ending(), 0);
            }
            return collect(command, source, sink, supervisor, watch, sessions);
        }
    }

    /** A command line and how its environment differs from syscage's (a null value: removed). */
    public record Command(List<String> argv, Map<String, String> env) {
        public Command(List<String> argv) {
            this(argv, Map.of());
        }
    }

    private Outcome collect(Command command, RecordSource source, Consumer<AuditRecord> sink, Supervisor supervisor,
            Watch watch, Supplier<Set<Long>> sessions) throws IOException, InterruptedException {
        CountDownLatch end = new CountDownLatch(1);
        CountDownLatch settled = new CountDownLatch(1);
        EndMarks ends = EndMarks.known(endKey, this::endSender);
        long[] endSerial = {-1};
        // On the collector's thread, which alone touches the source's ledger while collecting.
        Consumer<AuditRecord> watching = r -> {
            sink.accept(r);
            if (r.epochMillis() > newestRecordMillis) newestRecordMillis = r.epochMillis();
            Optional<Marker> m = r.compat() != 1 ? NativeContract.decodeMarker(r.syscall()) : Optional.empty();
            if (endSerial[0] < 0 && m.isPresent() && m.get().kind() == MarkerKind.END
                    && ends.end(r.pid(), m.get().token()) == EndMarks.Step.ENDED) {
                endSerial[0] = r.serial();
                end.countDown();
            }
            if (endSerial[0] >= 0 && source.ledger().unseen(serialBefore < 0 ? -1 : serialBefore + 1, endSerial[0]) == 0) {
                settled.countDown();
            }
        };
        try (Collector collector = Collector.start(source, watching)) {
            this.collector = collector;
            serialBefore = source.highestSerial();
            int status;
            int nudges;
            try (BacklogStall stall = BacklogStall.watch(parts, token, sessions, collector::lastArrivalNanos)) {
                status = supervisor.await(start(command, watch));
                nudges = stall.nudges();
            }
            return new Outcome(status, drain(end, settled, collector, supervisor), serialBefore, supervisor.ending(),
                    nudges);
        }
    }

    private boolean drain(CountDownLatch end, CountDownLatch settled, Collector collector, Supervisor supervisor)
            throws IOException, InterruptedException {
        collector.hurry();
        long marked = markEnd();
        long markedNanos = System.nanoTime();
        int marks = 1;
        while (!end.await(50, TimeUnit.MILLISECONDS)) {
            if (collector.failure() != null || supervisor.impatient()) return false;
            long now = System.nanoTime();
            boolean passed = newestRecordMillis > marked + CLOCK_SLACK_MILLIS;
            long idle = Math.min(now - collector.lastArrivalNanos(), now - markedNanos) / 1_000_000L;
            if (idle > IDLE_MILLIS || passed && marks >= MAX_MARKS) return false;
            if (marks < MAX_MARKS && (passed || (now - markedNanos) / 1_000_000L > REMARK_MILLIS)) {
                marked = markEnd();
                markedNanos = System.nanoTime();
                marks++;
            }
        }
        settled.await(SETTLE_MILLIS, TimeUnit.MILLISECONDS);
        return collector.failure() == null;
    }

    /**
     * Starts the launcher on the calling thread: its parent-death signal follows the thread that started it,
     * and this one waits for the run's end.
     */
    private static Process start(Command command, Watch watch) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command.argv()).inheritIO();
        command.env().forEach((name, value) -> {
            if (value == null) builder.environment().remove(name);
            else builder.environment().put(name, value);
        });
        Process target = builder.start();
        watch.started().accept(target.toHandle());
        return target;
    }

    /**
     * Runs the launcher once with {@code --help} before the run: a launcher that cannot run is reported before
     * anything starts, and the JVM's first process start is not the target's. That first start loads the
     * process classes and starts the thread that reaps children, CPU that would otherwise run on the target's
     * second core while it starts (benchmarks/BENCHMARKS.md, incremental profiling).
     */
    private void preflight() throws IOException, InterruptedException {
        int status;
        try {
            status = runLauncher(NativeContract.helpCommand(parts), ProcessBuilder.Redirect.DISCARD);
        } catch (IOException e) {
            throw new IOException("cannot run the launcher " + parts.launcher() + " (" + e.getMessage() + "); if "
                    + parts.directory() + " is on a noexec mount, set XDG_CACHE_HOME to a directory where programs "
                    + "may run", e);
        }
        if (status != 0) {
            throw new IOException("the launcher " + parts.launcher() + " does not run (--help exited " + status
                    + "); this build of syscage is broken: rebuild it with mvn -B package");
        }
    }

    /**
     * Makes the END records; returns the wall-clock time by which the kernel had made them. The process gets the
     * key on its standard input only once its pid is registered, so its END markers cannot arrive before.
     */
    private long markEnd() throws IOException, InterruptedException {
        Process p = new ProcessBuilder(NativeContract.markEndCommand(parts))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        endSenders.add(p.pid());
        try (OutputStream in = p.getOutputStream()) {
            in.write((NativeContract.endKeyLine(endKey) + "\n").getBytes(StandardCharsets.US_ASCII));
        } catch (IOException e) {
            // it died before reading: no END from it, the drain marks again
        }
        p.waitFor();
        return System.currentTimeMillis();
    }

    /**
     * Runs one of the launcher's own short commands (not a target) to its end and returns its exit status; its
     * standard output is not the user's, its errors go to {@code stderr}.
     */
    static int runLauncher(List<String> argv, ProcessBuilder.Redirect stderr) throws IOException, InterruptedException {
        return new ProcessBuilder(argv).redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(stderr).start()
                .waitFor();
    }
}
