package dev.syscage.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.syscage.nativeparts.NativeParts;
import dev.syscage.policy.Metadata;
import dev.syscage.policy.Phase;
import dev.syscage.policy.ProcessUsage;
import dev.syscage.policy.Profile;
import dev.syscage.policy.ProfileYaml;
import dev.syscage.policy.SyscallRef;
import dev.syscage.syscalls.Arch;
import dev.syscage.syscalls.SyscallTable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * Heavy load: the stress sample makes exactly 1,000,000 getppid calls from 16 threads and 50 short-lived
 * children of every kind (fork, vfork + exec, raw clone, posix_spawn, an exec chain, double-forking
 * daemons), while an unrelated program makes the same call under its own seccomp LOG filter. Through
 * netlink and through auditd's log (rotating under the load) nothing is lost: the profile counts every call
 * and no other, every kernel serial number of the run was seen, each process is attributed, and strace -f
 * finds no call the profile lacks. The larger run is {@code benchmarks/stress.sh}.
 */
@ResourceLock(AuditdExtension.LOCK)
@Tag("stress")
class StressTest {
    static final long CALLS = 1_000_000;
    static final String THREADS = "16";
    static final String CHILDREN = "50";
    /** The main process; one each for fork, vfork + exec, clone, posix_spawn, exec chain; two per daemon. */
    static final int PROCESSES = 1 + 9 + 9 + 8 + 8 + 8 + 2 * 8;
    /** Calls of syscage's own native parts that the program itself does not make: installing the filters. */
    static final Set<String> NATIVE_PARTS_ONLY = Set.of("prctl", "seccomp");

    @RegisterExtension
    static final AuditdExtension AUDITD = new AuditdExtension();

    @TempDir
    Path dir;

    private Profile profileUnderLoad(String source) throws Exception {
        String stress = Syscage.sample("stress").toString();
        Path empty = Files.writeString(dir.resolve("empty.policy"), "syscage-policy 1\narch x86_64\n");
        Path launcher = NativeParts.unpack().launcher();
        AtomicBoolean profiling = new AtomicBoolean(true);
        AtomicInteger unrelatedRuns = new AtomicInteger();
        // Another program, the same executable, making the same call, logged by its own filter all along.
        CompletableFuture<Void> unrelated = CompletableFuture.runAsync(() -> {
            while (profiling.get()) {
                try {
                    Syscage.Result r = Syscage.plain(dir, List.of(launcher.toString(), "--policy", empty.toString(),
                            "--action", "log", "--no-preload", "--", stress, "100000", "2", "0"));
                    assertEquals(0, r.exit(), r.toString());
                    unrelatedRuns.incrementAndGet();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
        });
        Path file = dir.resolve(source + ".yaml");
        long start = System.nanoTime();
        Syscage.Result r;
        try {
            Thread.sleep(300);
            r = Syscage.cli(dir, "profile", "--source", source, "-o", file.toString(), "--", stress,
                    Long.toString(CALLS), THREADS, CHILDREN);
        } finally {
            profiling.set(false);
        }
        unrelated.get();
        double seconds = (System.nanoTime() - start) / 1e9;
        assertEquals(0, r.exit(), r.toString());
        assertEquals("stress: " + CALLS + " getppid calls from 16 threads and 50 children: ok\n", r.stdout());
        assertTrue(unrelatedRuns.get() > 0, "the unrelated program ran meanwhile");
        Profile p = ProfileYaml.read(file);
        Metadata m = p.metadata();
        System.out.printf("stress via %s: %d records, lost %d %s, %.1f s, %d unrelated runs meanwhile%n", source,
                m.records(), m.lost(), m.loss(), seconds, unrelatedRuns.get());

        assertEquals(CALLS, p.counts().get(Phase.MAIN).get(SyscallRef.parse("getppid")),
                "every getppid of the run, and none of the unrelated program's");
        assertTrue(m.records() > CALLS, "records " + m.records());
        assertEquals(0, m.lost(), m.loss() + " " + m.warnings());
        assertTrue(m.complete());
        assertEquals(0, loss(m, "serial-gap"), "every kernel serial of the run was seen");
        assertEquals(0, loss(m, "markers"));
        ProcessUsage usage = p.processes().stream().filter(u -> u.exe().equals(stress)).findFirst().orElseThrow();
        assertEquals(PROCESSES, usage.processes(), "processes of " + stress);
        assertEquals(CALLS, usage.counts().get(Phase.MAIN).get(SyscallRef.parse("getppid")));
        return p;
    }

    private static long loss(Metadata m, String method) {
        return m.loss().stream().filter(l -> l.method().equals(method)).mapToLong(Metadata.Loss::count).findFirst()
                .orElseThrow(() -> new AssertionError(method + " not applied: " + m.loss()));
    }

    @Test
    void netlinkLosesNothingAndStraceFindsNothingMore() throws Exception {
        Profile p = profileUnderLoad("netlink");
        assertEquals(0, loss(p.metadata(), "enobufs"));

        // strace -f of the same program (fewer calls, the same code paths): every syscall it sees is learned.
        Path strace = Path.of("/usr/bin/strace");
        assertTrue(Files.isExecutable(strace), "strace is not installed; apt-get install -y strace (.ci/run does)");
        Path out = dir.resolve("strace.out");
        Syscage.Result traced = Syscage.plain(dir, List.of(strace.toString(), "-f", "-n", "-qq", "-o", out.toString(),
                Syscage.sample("stress").toString(), "20000", THREADS, CHILDREN));
        assertEquals(0, traced.exit(), traced.toString());
        Set<Long> seen = new TreeSet<>();
        Matcher m = Pattern.compile("^\\d+\\s+\\[\\s*(\\d+)\\]", Pattern.MULTILINE).matcher(Files.readString(out));
        while (m.find()) seen.add(Long.parseLong(m.group(1)));
        SyscallTable table = SyscallTable.get();
        Set<Long> learned = new TreeSet<>();
        List<String> extra = new ArrayList<>();
        for (SyscallRef ref : p.all()) {
            long nr = ref.isNumber() ? ref.number() : table.number(Arch.X86_64, ref.name()).orElseThrow();
            learned.add(nr);
            if (!seen.contains(nr) && !NATIVE_PARTS_ONLY.contains(ref.name())) extra.add(ref.text());
        }
        Set<Long> missing = new TreeSet<>(seen);
        missing.removeAll(learned);
        List<String> names = missing.stream().map(n -> table.name(Arch.X86_64, n).orElse(n.toString())).toList();
        assertEquals(List.of(), names, "strace saw calls the profile lacks");
        assertEquals(List.of(), extra, "the profile has calls neither strace nor syscage's own parts explain");
        System.out.printf("strace -f: %d distinct syscalls, all in the profile (%d, the rest: %s)%n", seen.size(),
                learned.size(), NATIVE_PARTS_ONLY);
    }

    @Test
    void auditdLosesNothingWhileItsLogRotatesAndTheLogParsesToTheSameCounts() throws Exception {
        Path logs = Files.createDirectories(dir.resolve("logs"));
        AUDITD.start(logs, "ENRICHED", 64, 99);
        Profile live;
        List<Path> files;
        try {
            live = profileUnderLoad("auditd");
            files = AUDITD.logs();
        } finally {
            AUDITD.stop();
        }
        assertTrue(files.size() > 2, "the log rotated under the load: " + files);
        Path parsed = dir.resolve("parsed.yaml");
        List<String> args = new ArrayList<>(List.of("parse", "-o", parsed.toString()));
        files.forEach(f -> args.add(f.toString()));
        // Without --session the largest syscage run is taken: the profiled one (the unrelated program has no markers).
        Syscage.Result r = Syscage.cli(dir, args.toArray(String[]::new));
        assertEquals(0, r.exit(), r.toString());
        Profile offline = ProfileYaml.read(parsed);
        assertEquals(live.phases(), offline.phases());
        assertEquals(live.counts(), offline.counts());
        assertEquals(live.processes(), offline.processes());
        assertEquals(live.metadata().records(), offline.metadata().records());
        assertEquals(0, offline.metadata().lost(), offline.metadata().loss().toString());
    }
}
