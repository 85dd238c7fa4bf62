package dev.syscage.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.syscage.policy.Metadata;
import dev.syscage.policy.Profile;
import dev.syscage.policy.ProfileYaml;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The sources that read logs, against a real auditd and the real kernel log: auditd's log (both formats,
 * rotated during a run) is as lossless as netlink and parses offline to the same profile; the kernel log
 * loses records, and syscage says so and exits 122. These tests start and stop auditd, which decides where
 * the kernel sends audit records, so none of them may run alongside another (see {@link AuditdExtension}).
 */
@ResourceLock(AuditdExtension.LOCK)
@Tag("kernel")
class LogSourcesTest {
    private static final Pattern TOKEN = Pattern.compile("\\(run token (\\d+)\\)");

    @RegisterExtension
    static final AuditdExtension AUDITD = new AuditdExtension();

    @TempDir
    Path dir;

    /** A profile run: what the CLI printed, the profile it wrote, and the token of the run's markers. */
    record Run(Syscage.Result result, Profile profile, String token) {
        Metadata meta() {
            return profile.metadata();
        }

        long loss(String method) {
            return meta().loss().stream().filter(l -> l.method().equals(method)).mapToLong(Metadata.Loss::count)
                    .findFirst().orElse(-1);
        }
    }

    private Run profile(String name, List<String> options, String... command) throws Exception {
        Path file = dir.resolve(name + ".yaml");
        List<String> args = new ArrayList<>(List.of("profile", "-o", file.toString()));
        args.addAll(options);
        args.add("--");
        Syscage.Result r = Syscage.cli(dir, Syscage.concat(args, List.of(command)));
        assertTrue(Files.exists(file), "no profile written: " + r);
        Matcher m = TOKEN.matcher(r.stderr());
        return new Run(r, ProfileYaml.read(file), m.find() ? m.group(1) : null);
    }

    private Profile parse(String name, List<Path> logs, String... options) throws Exception {
        Path file = dir.resolve(name + ".yaml");
        List<String> args = new ArrayList<>(List.of("parse", "-o", file.toString()));
        args.addAll(List.of(options));
        logs.forEach(l -> args.add(l.toString()));
        Syscage.Result r = Syscage.cli(dir, args.toArray(String[]::new));
        assertEquals(0, r.exit(), r.toString());
        return ProfileYaml.read(file);
    }

    private static void assertLossless(Run run, String source) {
        assertEquals(0, run.result().exit(), run.result().toString());
        assertEquals(source, run.meta().source());
        assertEquals(0, run.meta().lost(), run.meta().loss().toString());
        assertTrue(run.meta().complete(), run.meta().warnings().toString());
        assertEquals(0, run.loss("serial-gap"), "serial gaps were looked for: " + run.meta().loss());
        assertEquals(0, run.loss("markers"));
        assertEquals(0, run.loss("kernel-lost"), "the kernel's counter was read: " + run.meta().warnings());
        assertTrue(run.meta().records() > 0);
    }

    @ParameterizedTest
    @ValueSource(strings = {"RAW", "ENRICHED"})
    void auditdIsLosslessAndItsLogParsesToTheSameProfile(String format) throws Exception {
        String myos = Syscage.sample("myos").toString();
        String threads = Syscage.sample("threads").toString();
        Path logs = Files.createDirectories(dir.resolve("logs"));
        // Room for everything the machine logs meanwhile: the run's log files must all still be there to parse.
        AUDITD.start(logs, format, 64, 99);
        try {
            Run viaAuditd = profile("myos-auditd", List.of("--source", "auditd"), myos);
            assertLossless(viaAuditd, "auditd");
            assertEquals("My OS is Linux!\n", viaAuditd.result().stdout());
            Run viaNetlink = profile("myos-netlink", List.of(), myos);
            assertLossless(viaNetlink, "netlink");
            assertEquals(viaNetlink.profile().phases(), viaAuditd.profile().phases());

            Run many = profile("threads-auditd", List.of("--source", "auditd"), threads);
            assertLossless(many, "auditd");
            Profile offline = parse("threads-parsed", AUDITD.logs(), "--session", many.token());
            assertEquals(many.profile().phases(), offline.phases(), "the log parses to the live profile");
            assertEquals(many.profile().counts(), offline.counts());
            assertEquals(many.meta().records(), offline.metadata().records());
            assertTrue(offline.metadata().complete());

            String log = Files.readString(logs.resolve("audit.log"), StandardCharsets.ISO_8859_1);
            assertEquals(format.equals("ENRICHED"), log.contains("\u001d"), "auditd wrote the " + format + " format");
        } finally {
            AUDITD.stop();
        }
    }

    @Test
    void rotatingTheLogDuringARunLosesNothing() throws Exception {
        Path logs = Files.createDirectories(dir.resolve("logs"));
        AUDITD.start(logs, "ENRICHED", 8, 99);
        try {
            CompletableFuture<Run> running = CompletableFuture.supplyAsync(() -> {
                try {
                    return profile("loop", List.of("--source", "auditd"), "/bin/bash", "-c",
                            "for i in 1 2 3 4 5 6 7 8 9 10 11 12; do /bin/true; sleep 0.15; done");
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            Thread.sleep(700); // the JVM starts and the loop begins
            for (int i = 0; i < 4; i++) {
                assertFalse(running.isDone(), "the run ended before the rotations; make the loop longer");
                AUDITD.rotate();
                Thread.sleep(150);
            }
            Run run = running.get();
            assertLossless(run, "auditd");
            long trues = run.profile().processes().stream().filter(u -> u.exe().equals("/usr/bin/true"))
                    .mapToLong(u -> u.processes()).sum();
            assertEquals(12, trues, "every /bin/true of the run, across the rotations");
            assertTrue(AUDITD.logs().size() >= 5, "rotated: " + AUDITD.logs());

            List<Path> newestFirst = new ArrayList<>(AUDITD.logs());
            java.util.Collections.reverse(newestFirst);
            Profile offline = parse("loop-parsed", newestFirst, "--session", run.token());
            assertEquals(run.profile().phases(), offline.phases());
            assertEquals(run.profile().counts(), offline.counts());
        } finally {
            AUDITD.stop();
        }
    }

    @Test
    void theKernelLogLosesRecordsAndSyscageSaysSo() throws Exception {
        String myos = Syscage.sample("myos").toString();
        Run viaKmsg = profile("myos-kmsg", List.of("--source", "kmsg"), myos);
        assertEquals(ExitCodes.INCOMPLETE, viaKmsg.result().exit(), viaKmsg.result().toString());
        assertEquals("My OS is Linux!\n", viaKmsg.result().stdout(), "the program ran as usual");
        String verdict = viaKmsg.result().stderr().lines().filter(l -> l.contains("were lost")).findFirst().orElseThrow();
        assertTrue(verdict.contains("--source netlink") && verdict.contains("10 audit lines per 5 s")
                && verdict.contains("--allow-incomplete"), verdict);
        assertEquals("kmsg", viaKmsg.meta().source());
        assertFalse(viaKmsg.meta().complete());
        assertTrue(viaKmsg.meta().lost() > 0, viaKmsg.meta().loss().toString());

        Run viaNetlink = profile("myos-netlink", List.of(), myos);
        assertLossless(viaNetlink, "netlink");
        assertTrue(viaNetlink.profile().all().size() > 10, "more distinct syscalls than the kernel log passes");
        assertTrue(viaKmsg.meta().records() < viaNetlink.meta().records(),
                viaKmsg.meta().records() + " of " + viaNetlink.meta().records());
        assertTrue(viaNetlink.profile().all().containsAll(viaKmsg.profile().all()));

        Run accepted = profile("myos-kmsg-accepted", List.of("--source", "kmsg", "--allow-incomplete"), myos);
        assertEquals(0, accepted.result().exit(), accepted.result().toString());
        assertFalse(accepted.meta().complete(), "accepted, still marked incomplete");
        assertTrue(accepted.result().stderr().contains("accepted: --allow-incomplete"), accepted.result().stderr());
    }

    @Test
    void doctorAndTheSourcesFollowTheDaemon() throws Exception {
        Syscage.Result without = Syscage.cli(dir, "doctor");
        assertTrue(without.stdout().contains("n/a   source auditd: no audit daemon is running"), without.stdout());
        assertTrue(without.stdout().contains("warn  source kmsg:"), without.stdout());
        Syscage.Result noDaemon = Syscage.cli(dir, "profile", "--source", "auditd", "--", "/bin/echo", "RAN");
        assertEquals(ExitCodes.SETUP_FAILED, noDaemon.exit(), noDaemon.toString());
        assertTrue(noDaemon.stderr().startsWith("syscage: no audit daemon is running"), noDaemon.stderr());
        assertFalse(noDaemon.stdout().contains("RAN"));

        Path logs = Files.createDirectories(dir.resolve("logs"));
        AUDITD.start(logs, "RAW", 8, 5);
        try {
            Syscage.Result with = Syscage.cli(dir, "doctor");
            assertEquals(0, with.exit(), with.toString());
            assertTrue(with.stdout().contains("ok    source auditd: auditd (pid ") && with.stdout()
                    .contains(logs.resolve("audit.log").toString()), with.stdout());
            assertTrue(with.stdout().contains("n/a   source kmsg: auditd is running"), with.stdout());
            Syscage.Result kmsg = Syscage.cli(dir, "profile", "--source", "kmsg", "--", "/bin/echo", "RAN");
            assertEquals(ExitCodes.SETUP_FAILED, kmsg.exit(), kmsg.toString());
            assertTrue(kmsg.stderr().contains("auditd (pid ") && kmsg.stderr().contains("--source auditd"), kmsg.stderr());
            assertEquals(1, kmsg.stderr().lines().count(), kmsg.stderr());
            Syscage.Result auto = Syscage.cli(dir, "profile", "--source", "auto", "-o", "auto.yaml", "--", "/bin/true");
            assertEquals(0, auto.exit(), auto.toString());
            assertTrue(auto.stderr().startsWith("syscage: source netlink (auto: "), auto.stderr());
        } finally {
            AUDITD.stop();
        }
    }
}
