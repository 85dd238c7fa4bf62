package dev.syscage.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.syscage.policy.Phase;
import dev.syscage.policy.Profile;
import dev.syscage.policy.ProfileYaml;
import java.util.List;
import java.util.stream.Stream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every format against its golden file, and what each cannot express. */
class ExportFormatsTest {
    private static final ExportOptions OPTIONS = ExportOptions.defaults("app");

    /** The text formats; the compiled one (bpf) is checked by running it under bwrap (ConsumersTest). */
    static Stream<String> formats() {
        return Formats.all().stream().filter(e -> !e.binary()).map(Exporter::name);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("formats")
    void matchesItsGoldenFile(String format) throws Exception {
        Exporter e = Formats.byName(format).orElseThrow();
        Golden.assertMatches("export/app." + format, e.render(Golden.profile("app.yaml"), OPTIONS));
    }

    @Test
    void everyFormatSaysWhichPhasesAndWhy() {
        for (Exporter e : Formats.all()) {
            assertTrue(!e.phases().isEmpty() && e.why().length() > 40, e.name());
        }
        assertEquals(List.of(Phase.MAIN), List.copyOf(Formats.byName("env").orElseThrow().phases()));
        assertEquals(List.of(Phase.MAIN), List.copyOf(Formats.byName("sec-sandbox").orElseThrow().phases()));
        assertEquals(List.of(Phase.INIT, Phase.MAIN), List.copyOf(Formats.byName("oci").orElseThrow().phases()));
    }

    private static Profile parse(String phases) throws Exception {
        return ProfileYaml.parse("schema: 1\narch: x86_64\nphases:\n" + phases, "p.yaml");
    }

    private static String refusal(String format, Profile p) {
        return assertThrows(ExportException.class, () -> Formats.byName(format).orElseThrow().render(p, OPTIONS))
                .getMessage();
    }

    @Test
    void everyFormatAllowsTheBaselineInEachOfItsPhases() throws Exception {
        String phases = "  init: [execve]\n  main: [write]\n";
        Profile without = parse(phases);
        Profile with = parse(phases + "baseline: [restart_syscall]\n");
        // the compiled format (bpf) renders the native policy file, so it carries what syscage's carries
        for (Exporter e : Formats.all().stream().filter(e -> !e.binary()).toList()) {
            assertTrue(!e.render(without, OPTIONS).contains("restart_syscall"), e.name());
            assertTrue(e.render(with, OPTIONS).contains("restart_syscall"), e.name());
        }
        String policy = Formats.byName("syscage").orElseThrow().render(with, OPTIONS);
        assertTrue(policy.contains("\ninit restart_syscall\n") && policy.contains("\nmain restart_syscall\n"), policy);
        JsonNode json = new ObjectMapper().readTree(Formats.byName("json").orElseThrow().render(with, OPTIONS));
        assertEquals("[\"execve\",\"restart_syscall\"]", json.get("phases").get("init").toString());
        assertEquals("[\"restart_syscall\",\"write\"]", json.get("phases").get("main").toString());
        assertEquals("[\"restart_syscall\"]", json.get("baseline").toString());
        String csv = Formats.byName("csv").orElseThrow().render(with, OPTIONS);
        assertTrue(csv.contains("\ninit,restart_syscall,219,x86_64,,,yes\n")
                && csv.contains("\nmain,restart_syscall,219,x86_64,,,yes\n"), csv);
        // What a format cannot express is refused for the baseline too, and the message says where it is.
        assertTrue(refusal("env", parse(phases + "baseline: [x86:nanosleep]\n")).startsWith(
                "the profile allows x86:nanosleep (baseline), a call through another ABI"));
    }

    @Test
    void namesOnlyFormatsRefuseNumbers() throws Exception {
        Profile p = parse("  init: [execve]\n  main: [write, 462]\n");
        for (String f : List.of("env", "sec-sandbox", "systemd", "oci", "k8s", "minijail")) {
            assertEquals("the profile allows syscall 462 (main phase) by number only (libseccomp has no name for it),"
                    + " and the " + f + " format takes names; remove it from the profile, or export --format syscage",
                    refusal(f, p));
        }
        for (String f : List.of("syscage", "csv", "json")) {
            assertTrue(Formats.byName(f).orElseThrow().render(p, OPTIONS).contains("462"), f);
        }
    }

    @Test
    void dockerMapsAbisCommentsEntriesAndAnswersAnUnlearnedClone3WithEnosys() throws Exception {
        Profile p = parse("  init: [execve]\n  main: [clone, write, x86:getpid]\n");
        JsonNode docker = new ObjectMapper().readTree(SeccompJsonFormat.DOCKER.render(p, OPTIONS));
        assertEquals("[{\"architecture\":\"SCMP_ARCH_X86_64\",\"subArchitectures\":[\"SCMP_ARCH_X86\"]}]",
                docker.get("archMap").toString());
        assertTrue(docker.get("architectures") == null, "archMap replaces the deprecated architectures");
        JsonNode last = docker.get("syscalls").get(docker.get("syscalls").size() - 1);
        assertEquals("[\"clone3\"]", last.get("names").toString());
        assertEquals("SCMP_ACT_ERRNO", last.get("action").asText());
        assertEquals(38, last.get("errnoRet").asInt());
        docker.get("syscalls").forEach(e -> assertTrue(e.get("comment").asText().length() > 10, e.toString()));

        Profile learned = parse("  init: [execve]\n  main: [clone3, write]\n");
        String withClone3 = SeccompJsonFormat.DOCKER.render(learned, OPTIONS);
        assertTrue(!withClone3.contains("errnoRet"), "a learned clone3 is allowed, not refused: " + withClone3);
    }

    @Test
    void otherAbisAreAdmittedByNameOrRefused() throws Exception {
        Profile p = parse("  init: [execve]\n  main: [write, x86:getpid]\n");
        assertTrue(refusal("env", p).startsWith("the profile allows x86:getpid (main phase), a call through another"
                + " ABI, which the env format cannot express"), refusal("env", p));
        assertTrue(refusal("minijail", p).contains("minijail format cannot express"));
        JsonNode oci = new ObjectMapper().readTree(SeccompJsonFormat.OCI.render(p, OPTIONS));
        assertEquals("[\"SCMP_ARCH_X86_64\",\"SCMP_ARCH_X86\"]", oci.get("architectures").toString());
        assertTrue(oci.get("syscalls").get(0).get("names").toString().contains("\"getpid\""));
        assertTrue(new SystemdFormat().render(p, OPTIONS).contains("SystemCallArchitectures=native x86\n"));
        // socketcall exists on i386 only: a name list shared by both ABIs cannot hold it.
        Profile socketcall = parse("  main: [write, x86:socketcall]\n");
        assertTrue(refusal("oci", socketcall).startsWith("the profile allows x86:socketcall (main phase), which"
                + " x86_64 has no call named like"), refusal("oci", socketcall));
    }

    @Test
    void actionsAndRuntimes() throws Exception {
        Profile p = Golden.profile("app.yaml");
        JsonNode killing = new ObjectMapper().readTree(SeccompJsonFormat.OCI.render(p,
                new ExportOptions("kill", ContainerRuntime.NONE, "app")));
        assertEquals("SCMP_ACT_KILL_PROCESS", killing.get("defaultAction").asText());
        assertTrue(killing.get("defaultErrnoRet") == null);
        assertEquals(1, killing.get("syscalls").size(), "no runtime entry with --runtime none");
        JsonNode errno = new ObjectMapper().readTree(SeccompJsonFormat.OCI.render(p,
                new ExportOptions("errno:13", ContainerRuntime.RUNC_NO_NNP, "app")));
        assertEquals(13, errno.get("defaultErrnoRet").asInt());
        assertTrue(errno.get("syscalls").get(1).get("names").toString().contains("\"capset\""));
        assertEquals("a SeccompProfile resource has no defaultErrnoRet, so its runtime returns EPERM; use --action"
                + " errno with --format k8s, or --format oci", assertThrows(ExportException.class,
                () -> SeccompJsonFormat.K8S.render(p, new ExportOptions("errno:13", ContainerRuntime.RUNC, "app")))
                .getMessage());
        assertTrue(new SystemdFormat().render(p, new ExportOptions("errno:13", ContainerRuntime.RUNC, "app"))
                .endsWith("SystemCallErrorNumber=13\n"));
        assertThrows(ExportException.class, () -> new SystemdFormat().render(p,
                new ExportOptions("log", ContainerRuntime.RUNC, "app")));
        assertThrows(ExportException.class, () -> SeccompJsonFormat.K8S.render(p,
                new ExportOptions(null, ContainerRuntime.RUNC, "Not_A_Name")));
    }

    @Test
    void systemdRefusesAnEmptyList() throws Exception {
        assertTrue(refusal("systemd", parse("  init: []\n  main: []\n")).contains("empty SystemCallFilter="));
    }

    @Test
    void theResourceAndTheCsvReadBack() throws Exception {
        Profile p = Golden.profile("app.yaml");
        JsonNode k8s = new ObjectMapper(new YAMLFactory()).readTree(SeccompJsonFormat.K8S.render(p, OPTIONS));
        JsonNode oci = new ObjectMapper().readTree(SeccompJsonFormat.OCI.render(p, OPTIONS));
        assertEquals("SeccompProfile", k8s.get("kind").asText());
        assertEquals("app", k8s.get("metadata").get("name").asText());
        assertEquals(oci.get("syscalls"), k8s.get("spec").get("syscalls"));
        List<CSVRecord> rows = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).build()
                .parse(new java.io.StringReader(new CsvFormat().render(p, OPTIONS))).getRecords();
        assertEquals(p.allowed(Phase.INIT).size() + p.allowed(Phase.MAIN).size(), rows.size());
        CSVRecord sleep = rows.stream().filter(r -> r.get("phase").equals("init") && r.get("syscall").equals("nanosleep"))
                .findFirst().orElseThrow();
        assertEquals("yes", sleep.get("baseline"));
        assertEquals("", sleep.get("count"));
        CSVRecord execve = rows.stream().filter(r -> r.get("phase").equals("main") && r.get("syscall").equals("execve"))
                .findFirst().orElseThrow();
        assertEquals("59", execve.get("number"));
        assertEquals("/bin/sh", execve.get("processes"));
    }
}
