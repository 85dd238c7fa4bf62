package dev.syscage.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.syscage.export.ContainerRuntime;
import dev.syscage.policy.Phase;
import dev.syscage.policy.ProfileYaml;
import dev.syscage.policy.SyscallRef;
import dev.syscage.record.AuditRecord;
import dev.syscage.source.Collector;
import dev.syscage.source.NetlinkSource;
import dev.syscage.syscalls.Arch;
import dev.syscage.syscalls.SyscallTable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each export checked by the program that consumes it on this machine: libsyscage.so for env,
 * systemd-analyze for systemd, runc for oci, bwrap for bpf. (syscage: CommandsTest; k8s, minijail and sec-sandbox
 * have no consumer here and are golden-file tests.)
 */
@Tag("kernel")
class ConsumersTest {
    @TempDir
    Path dir;

    private void profile(String out, String sample) throws Exception {
        Syscage.Result r = Syscage.cli(dir, "profile", "-o", out, "--", Syscage.sample(sample).toString());
        assertEquals(0, r.exit(), r.toString());
    }

    private void without(String in, String out, Phase phase, String syscall) throws Exception {
        ProfileYaml.write(ProfileYaml.read(dir.resolve(in)).withoutSyscall(phase, SyscallRef.parse(syscall)),
                dir.resolve(out));
    }

    @Test
    void envRunsUnderTheCompatibleLibrary() throws Exception {
        profile("myos.yaml", "myos");
        assertEquals(0, Syscage.cli(dir, "install-native", "bin").exit());
        Syscage.Result env = Syscage.cli(dir, "export", "-f", "env", "myos.yaml");
        assertEquals(0, env.exit(), env.toString());
        String allow = env.stdout().strip().substring("SECCOMP_SYSCALL_ALLOW=".length());
        String preload = dir.resolve("bin/libsyscage.so").toString();
        List<String> myos = List.of(Syscage.sample("myos").toString());

        Syscage.Result ok = Syscage.exec(dir, myos, Map.of("LD_PRELOAD", preload, "SECCOMP_SYSCALL_ALLOW", allow));
        assertEquals(0, ok.exit(), ok.toString());
        assertEquals("My OS is Linux!\n", ok.stdout());

        String noUname = String.join(":", List.of(allow.split(":")).stream().filter(n -> !n.equals("uname")).toList());
        Syscage.Result killed = Syscage.exec(dir, myos, Map.of("LD_PRELOAD", preload, "SECCOMP_SYSCALL_ALLOW", noUname));
        assertEquals(128 + 31, killed.exit(), killed.toString());
        assertEquals("", killed.stdout());
    }

    @Test
    void bpfRunsUnderBubblewrap() throws Exception {
        assertTrue(Files.isExecutable(BWRAP), "bubblewrap is not installed; apt-get install -y bubblewrap (.ci/run does)");
        profile("myos.yaml", "myos");
        Syscage.Result export = Syscage.cli(dir, "export", "-f", "bpf", "myos.yaml", "-o", "myos.bpf");
        assertEquals(0, export.exit(), export.toString());
        byte[] program = Files.readAllBytes(dir.resolve("myos.bpf"));
        assertTrue(program.length > 0 && program.length % 8 == 0, "struct sock_filter[]: " + program.length + " bytes");

        Syscage.Result ok = bwrap(dir.resolve("myos.bpf"));
        assertEquals(0, ok.exit(), ok.toString());
        assertEquals("My OS is Linux!\n", ok.stdout());

        without("myos.yaml", "no-uname.yaml", Phase.MAIN, "uname");
        assertEquals(0, Syscage.cli(dir, "export", "-f", "bpf", "no-uname.yaml", "-o", "no-uname.bpf").exit());
        Syscage.Result killed = bwrap(dir.resolve("no-uname.bpf"));
        assertEquals(128 + 31, killed.exit(), killed.toString());
        assertEquals("", killed.stdout());

        Syscage.Result errno = Syscage.cli(dir, "export", "-f", "bpf", "--action", "errno", "no-uname.yaml", "-o",
                "errno.bpf");
        assertEquals(0, errno.exit(), errno.toString());
        Syscage.Result refused = bwrap(dir.resolve("errno.bpf"));
        assertNotEquals(128 + 31, refused.exit(), refused.toString());
        assertFalse(refused.stdout().contains("Linux"), refused.toString());
    }

    @Test
    void firejailRunsTheProgramUnderTheExport() throws Exception {
        assertTrue(Files.isExecutable(FIREJAIL), "firejail is not installed; apt-get install -y firejail (.ci/run does)");
        profile("myos.yaml", "myos");
        assertEquals(0, Syscage.cli(dir, "export", "-f", "firejail", "myos.yaml", "-o", "myos.profile").exit());
        Syscage.Result ok = firejail(dir.resolve("myos.profile"));
        assertEquals(0, ok.exit(), ok.toString());
        assertEquals("My OS is Linux!\n", ok.stdout());

        without("myos.yaml", "no-uname.yaml", Phase.MAIN, "uname");
        assertEquals(0, Syscage.cli(dir, "export", "-f", "firejail", "no-uname.yaml", "-o", "no-uname.profile").exit());
        Syscage.Result refused = firejail(dir.resolve("no-uname.profile"));
        assertNotEquals(0, refused.exit(), refused.toString());
        assertTrue(refused.stderr().contains("uname: Operation not permitted"), refused.toString());

        assertEquals(0, Syscage.cli(dir, "export", "-f", "firejail", "--action", "kill", "no-uname.yaml", "-o",
                "kill.profile").exit());
        Syscage.Result killed = firejail(dir.resolve("kill.profile"));
        assertNotEquals(0, killed.exit(), killed.toString());
        assertFalse(killed.stdout().contains("Linux"), killed.toString());
        assertFalse(killed.stderr().contains("Operation not permitted"), killed.toString());
    }

    private static final Path FIREJAIL = Path.of("/usr/bin/firejail");

    /** myos under firejail with {@code profile} as its only profile. */
    private Syscage.Result firejail(Path profile) throws Exception {
        return Syscage.plain(dir, List.of(FIREJAIL.toString(), "--quiet", "--profile=" + profile,
                Syscage.sample("myos").toString()));
    }

    private static final Path BWRAP = Path.of("/usr/bin/bwrap");

    /** myos under bwrap with the program from {@code bpf} on fd 9, the host's file system read-only. */
    private Syscage.Result bwrap(Path bpf) throws Exception {
        return Syscage.plain(dir, List.of("sh", "-c", "exec " + BWRAP + " --ro-bind / / --dev /dev --proc /proc "
                + "--seccomp 9 " + Syscage.sample("myos") + " 9<" + bpf));
    }

    /** A profile of /usr/bin/redis-server, which links to redis-check-rdb: the resource is named after what ran. */
    @Test
    void k8sNamesTheResourceAfterTheProgramTheUserRan() throws Exception {
        Path redis = dir.resolve("redis.yaml");
        Files.writeString(redis, "schema: 1\narch: x86_64\nphases:\n  init: [execve]\n  main: [exit_group]\n"
                + "metadata:\n  command: [/usr/bin/redis-server, --port, '0']\n  exe: /usr/bin/redis-check-rdb\n");
        Syscage.Result k8s = Syscage.cli(dir, "export", "-f", "k8s", redis.toString());
        assertEquals(0, k8s.exit(), k8s.toString());
        assertTrue(k8s.stdout().contains("\n  name: redis-server\n"), k8s.stdout());
    }

    @Test
    void systemdAcceptsEveryName() throws Exception {
        profile("forkexec.yaml", "forkexec");
        Path unit = dir.resolve("units/app.service");
        Files.createDirectories(unit.resolveSibling("app.service.d"));
        Files.writeString(unit, "[Unit]\nDescription=syscage export test\n[Service]\nExecStart=/bin/true\n");
        Path dropIn = unit.resolveSibling("app.service.d/syscage.conf");
        Syscage.Result export = Syscage.cli(dir, "export", "-f", "systemd", "forkexec.yaml", "-o", dropIn.toString());
        assertEquals(0, export.exit(), export.toString());

        Syscage.Result verified = Syscage.plain(dir, List.of("systemd-analyze", "verify", unit.toString()));
        assertEquals(0, verified.exit(), verified.toString());
        assertEquals("", verified.stderr(), "systemd-analyze complained: " + verified);
        assertTrue(Files.readString(dropIn).contains("SystemCallArchitectures=native\n"), Files.readString(dropIn));

        // verify only warns about a name it does not know: every name must be one of systemd's own
        Syscage.Result groups = Syscage.plain(dir, List.of("systemd-analyze", "syscall-filter"));
        assertEquals(0, groups.exit(), groups.toString());
        java.util.Set<String> known = groups.stdout().lines().map(String::strip)
                .filter(l -> !l.isEmpty() && !l.startsWith("#") && !l.startsWith("@")).collect(
                        java.util.stream.Collectors.toSet());
        String filter = Files.readString(dropIn).lines().filter(l -> l.startsWith("SystemCallFilter=")).findFirst()
                .orElseThrow().substring("SystemCallFilter=".length());
        List<String> unknown = List.of(filter.split(" ")).stream().filter(n -> !known.contains(n)).toList();
        assertTrue(unknown.isEmpty(), "names systemd-analyze syscall-filter does not list: " + unknown);

        // The check has teeth: systemd names a name it does not know (it ignores it, exit 0, and says so).
        Files.writeString(dropIn, Files.readString(dropIn).replace("SystemCallFilter=", "SystemCallFilter=wrte "));
        Syscage.Result typo = Syscage.plain(dir, List.of("systemd-analyze", "verify", unit.toString()));
        assertTrue(typo.stderr().contains("Failed to parse system call, ignoring: wrte"), typo.toString());
    }

    /** The container runtimes with a list of their own calls: runc and crun, each with and without no_new_privs. */
    static Stream<ContainerRuntime> runtimes() {
        return Stream.of(ContainerRuntime.values()).filter(r -> r.command() != null);
    }

    /** {@code rt} runs the static sample in a minimal read-only bundle whose seccomp section is the export. */
    private Syscage.Result container(ContainerRuntime rt, String profile, String... exportOptions) throws Exception {
        List<String> args = new ArrayList<>(List.of("export", "-f", "oci", profile));
        args.addAll(List.of(exportOptions));
        Syscage.Result export = Syscage.cli(dir, args.toArray(String[]::new));
        assertEquals(0, export.exit(), export.toString());
        return container(rt, new ObjectMapper().readTree(export.stdout()), "hello");
    }

    /**
     * {@code runc run} or {@code crun run} of a bundle whose program is the static sample, installed as
     * /{@code program}, with the runtime's process.noNewPrivileges. crun refuses a host whose cgroup v2 hierarchy
     * holds a controller beside v1 ones (hybrid mode, as on this machine); it runs in a mount namespace of its own
     * with cgroup2 mounted on /sys/fs/cgroup and its cgroup manager off, which changes nothing outside it.
     */
    private Syscage.Result container(ContainerRuntime rt, JsonNode seccomp, String program) throws Exception {
        Path bundle = Files.createTempDirectory(dir, "bundle");
        Files.createDirectories(bundle.resolve("rootfs"));
        Files.copy(Syscage.sample("hello-static"), bundle.resolve("rootfs").resolve(program));
        Syscage.Result spec = Syscage.plain(dir, List.of("runc", "spec", "--bundle", bundle.toString()));
        assertEquals(0, spec.exit(), "runc is needed (apt-get install -y runc; .ci/run does): " + spec);

        ObjectMapper json = new ObjectMapper();
        ObjectNode config = (ObjectNode) json.readTree(bundle.resolve("config.json").toFile());
        ObjectNode process = (ObjectNode) config.get("process");
        process.put("terminal", false);
        process.put("noNewPrivileges", rt.noNewPrivileges());
        process.putArray("args").add("/" + program);
        ((ObjectNode) config.get("root")).put("readonly", true);
        ((ObjectNode) config.get("linux")).set("seccomp", seccomp);
        json.writeValue(bundle.resolve("config.json").toFile(), config);

        String id = "syscage-test-" + UUID.randomUUID();
        String state = dir.resolve(rt.command() + "-state").toString();
        if (rt.command().equals("runc")) {
            return Syscage.plain(dir, List.of("runc", "--root", state, "run", "--bundle", bundle.toString(), id));
        }
        assertTrue(Files.isExecutable(Path.of("/usr/bin/crun")), "crun is needed (apt-get install -y crun; .ci/run does)");
        return Syscage.plain(dir, List.of("unshare", "-m", "sh", "-c", "mount -t cgroup2 none /sys/fs/cgroup && exec "
                + "crun --cgroup-manager=disabled --root " + state + " run --bundle " + bundle + " " + id));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("runtimes")
    void theContainerRunsUnderTheExportAndIsRefusedWhatItLacks(ContainerRuntime rt) throws Exception {
        profile("hello.yaml", "hello-static");
        Syscage.Result ok = container(rt, "hello.yaml", "--runtime", rt.key());
        assertEquals(0, ok.exit(), ok.toString());
        assertEquals("Hello, static world!\n", ok.stdout());
        // the default (--runtime any) starts under every runtime, with or without no_new_privs
        Syscage.Result byDefault = container(rt, "hello.yaml");
        assertEquals(0, byDefault.exit(), byDefault.toString());
        assertEquals("Hello, static world!\n", byDefault.stdout());

        // A static program has no preload: everything it calls is in the init phase.
        without("hello.yaml", "no-arch-prctl.yaml", Phase.INIT, "arch_prctl");
        Syscage.Result refused = container(rt, "no-arch-prctl.yaml", "--runtime", rt.key());
        assertNotEquals(0, refused.exit(), refused.toString());
        assertFalse(refused.stdout().contains("Hello"), refused.toString());

        // The runtime's own calls after installing the filter are what --runtime adds: without them it fails
        // (killed: crun carries on when its close fails with EPERM).
        Syscage.Result bare = container(rt, "hello.yaml", "--runtime", "none", "--action", "kill");
        assertNotEquals(0, bare.exit(), bare.toString());
        assertFalse(bare.stdout().contains("Hello"), bare.toString());
    }

    /**
     * The measurement behind each ContainerRuntime list, repeated: with a filter that logs everything, the calls
     * the runtime's init process makes after installing it (its records before it becomes the program) must all
     * be ones the export adds for it. Fails when a new runtime version needs more.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("runtimes")
    void theRuntimeMakesOnlyTheCallsTheExportAddsForIt(ContainerRuntime rt) throws Exception {
        String program = "hello-" + UUID.randomUUID().toString().substring(0, 8);
        ObjectNode seccomp = new ObjectMapper().createObjectNode();
        seccomp.put("defaultAction", "SCMP_ACT_LOG");
        seccomp.putArray("architectures").add("SCMP_ARCH_X86_64");
        seccomp.putArray("syscalls");
        List<AuditRecord> records = new CopyOnWriteArrayList<>();
        SyscallTable table = SyscallTable.get();
        long exitGroup = table.number(Arch.X86_64, "exit_group").orElseThrow();
        Syscage.Result run;
        try (Collector collector = Collector.start(NetlinkSource.open(), records::add)) {
            run = container(rt, seccomp, program);
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (records.stream().noneMatch(r -> r.exe() != null && r.exe().equals("/" + program)
                    && r.syscall() == exitGroup) && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
        }
        assertEquals(0, run.exit(), run.toString());
        long pid = records.stream().filter(r -> ("/" + program).equals(r.exe())).mapToLong(AuditRecord::pid)
                .findFirst().orElseThrow(() -> new AssertionError("no record of the container's program arrived"));
        SortedSet<String> runtimeCalls = new TreeSet<>();
        records.stream().filter(r -> r.pid() == pid && !("/" + program).equals(r.exe()))
                .forEach(r -> runtimeCalls.add(table.name(Arch.X86_64, r.syscall()).orElse(Long.toString(r.syscall()))));
        assertTrue(runtimeCalls.contains("execve"), rt.key() + "'s records arrived: " + runtimeCalls);
        SortedSet<String> missing = new TreeSet<>(runtimeCalls);
        missing.removeAll(rt.calls());
        assertTrue(missing.isEmpty(), rt.key() + " made calls after installing the filter that the oci export does "
                + "not add: " + missing + " (all: " + runtimeCalls + "); add them to ContainerRuntime and docs/exports.md");
    }

    @Test
    void verifyReportsCallsOutsideThePolicyPerPhaseAndProcess() throws Exception {
        profile("myos.yaml", "myos");
        String myos = Syscage.sample("myos").toString();
        Syscage.Result inside = Syscage.cli(dir, "verify", "--policy", "myos.yaml", "--", myos);
        assertEquals(0, inside.exit(), inside.toString());
        assertEquals("My OS is Linux!\n", inside.stdout());
        assertTrue(inside.stderr().contains("every syscall was inside myos.yaml"), inside.stderr());

        without("myos.yaml", "no-uname.yaml", Phase.MAIN, "uname");
        Syscage.Result outside = Syscage.cli(dir, "verify", "--policy", "no-uname.yaml", "--", myos);
        assertEquals(1, outside.exit(), outside.toString());
        assertEquals("My OS is Linux!\n", outside.stdout(), "nothing is refused");
        assertTrue(outside.stderr().contains("1 syscall outside no-uname.yaml (logged, not refused)"), outside.stderr());
        assertTrue(outside.stderr().lines().anyMatch(l -> l.matches("main\\s+uname\\s+1\\s+" + myos)), outside.stderr());
        assertTrue(outside.stderr().contains(myos + " exited with status 0"), outside.stderr());

        // init may use main's calls (the launcher allows init ∪ main); what neither lists is outside.
        without("myos.yaml", "no-mmap.yaml", Phase.INIT, "mmap");
        Syscage.Result initOutside = Syscage.cli(dir, "verify", "--policy", "no-mmap.yaml", "--", myos);
        assertEquals(1, initOutside.exit(), initOutside.toString());
        assertTrue(initOutside.stderr().lines().anyMatch(l -> l.matches("init\\s+mmap\\s+\\d+\\s+" + myos)),
                initOutside.stderr());
    }

    @Test
    void verifyKeepsTheTargetsFailureApartFromViolations() throws Exception {
        Syscage.Result p = Syscage.cli(dir, "profile", "-o", "false.yaml", "--", "/bin/false");
        assertEquals(1, p.exit(), p.toString());
        Syscage.Result failed = Syscage.cli(dir, "verify", "--policy", "false.yaml", "--", "/bin/false");
        assertEquals(3, failed.exit(), failed.toString());
        assertTrue(failed.stderr().contains("every syscall was inside false.yaml"), failed.stderr());
        assertTrue(failed.stderr().contains("/bin/false failed: exit status 1 (not caused by the policy"), failed.stderr());

        without("false.yaml", "tight.yaml", Phase.MAIN, "exit_group");
        Syscage.Result both = Syscage.cli(dir, "verify", "--policy", "tight.yaml", "--", "/bin/false");
        assertEquals(1, both.exit(), both.toString());
        assertTrue(both.stderr().lines().anyMatch(l -> l.matches("main\\s+exit_group\\s+1\\s+/usr/bin/false")),
                both.stderr());
        assertTrue(both.stderr().contains("/bin/false failed: exit status 1"), both.stderr());
    }
}
