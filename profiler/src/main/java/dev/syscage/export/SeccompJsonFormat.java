package dev.syscage.export;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import dev.syscage.policy.Phase;
import dev.syscage.policy.Profile;
import dev.syscage.syscalls.Arch;
import dev.syscage.syscalls.SyscallTable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;

/**
 * The seccomp section of an OCI runtime configuration (linux.seccomp in config.json; also Docker's
 * --security-opt seccomp=FILE), and the Security Profiles Operator's SeccompProfile resource, whose
 * spec has the same fields. A container runtime installs the filter before it executes the
 * container's program, so both phases apply, plus the runtime's own calls after installing it
 * ({@link ContainerRuntime}).
 */
final class SeccompJsonFormat implements Exporter {
    static final SeccompJsonFormat OCI = new SeccompJsonFormat("oci", false);
    static final SeccompJsonFormat K8S = new SeccompJsonFormat("k8s", true);

    private static final String ALLOW = "SCMP_ACT_ALLOW";
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR));

    private final String name;
    private final boolean resource;

    private SeccompJsonFormat(String name, boolean resource) {
        this.name = name;
        this.resource = resource;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Set<Phase> phases() {
        return Allowlist.BOTH;
    }

    @Override
    public String why() {
        return resource
                ? "a Security Profiles Operator SeccompProfile resource (its spec is an OCI seccomp profile):"
                        + " the container runtime installs the filter before it executes the program, so both"
                        + " phases apply, plus the runtime's own calls after installing it"
                : "an OCI runtime seccomp profile (config.json linux.seccomp, docker --security-opt seccomp=):"
                        + " the runtime installs the filter before it executes the program, so both phases apply,"
                        + " plus the runtime's own calls after installing it";
    }

    @Override
    public boolean takesAction() {
        return true;
    }

    @Override
    public boolean takesRuntime() {
        return true;
    }

    @Override
    public String render(Profile profile, ExportOptions options) throws ExportException {
        Map<String, Object> spec = spec(profile, options);
        return resource ? resource(profile, spec, options) : JsonText.write(spec);
    }

    /** defaultAction, architectures, syscalls: the fields OCI profiles and SeccompProfile specs share. */
    private Map<String, Object> spec(Profile profile, ExportOptions options) throws ExportException {
        Allowlist.Named named = Allowlist.acrossAbis(profile, phases(), name, SyscallTable.get());
        SeccompAction action = SeccompAction.of(options.action());
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("defaultAction", action.name());
        if (action.errnoRet() != null) {
            if (resource && action.errnoRet() != SeccompAction.EPERM) {
                throw new ExportException("a SeccompProfile resource has no defaultErrnoRet, so its runtime"
                        + " returns EPERM; use --action errno with --format k8s, or --format oci");
            }
            if (!resource) {
                spec.put("defaultErrnoRet", action.errnoRet());
            }
        }
        spec.put("architectures", named.abis().stream().map(SeccompJsonFormat::archName).toList());
        List<Object> syscalls = new ArrayList<>();
        // The profile's calls first, then (one entry of their own, for review) the runtime's others.
        addEntry(syscalls, named.names());
        SortedSet<String> runtime = options.runtime().calls();
        runtime.removeAll(named.names());
        addEntry(syscalls, runtime);
        spec.put("syscalls", syscalls);
        return spec;
    }

    private static void addEntry(List<Object> syscalls, SortedSet<String> names) {
        if (!names.isEmpty()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("names", List.copyOf(names));
            entry.put("action", ALLOW);
            syscalls.add(entry);
        }
    }

    private String resource(Profile profile, Map<String, Object> spec, ExportOptions options)
            throws ExportException {
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("name", resourceName(options.name()));
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("apiVersion", "security-profiles-operator.x-k8s.io/v1beta1");
        root.put("kind", "SeccompProfile");
        root.put("metadata", metadata);
        root.put("spec", spec);
        try {
            return Comment.header("#", this, profile) + YAML.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write YAML: " + e.getMessage(), e);
        }
    }

    /** Kubernetes object names are DNS subdomain names: lower-case letters, digits, '-' and '.'. */
    static String resourceName(String name) throws ExportException {
        if (name.length() > 253 || !name.matches("[a-z0-9]([-a-z0-9.]*[a-z0-9])?")) {
            throw new ExportException("'" + name + "' is not a Kubernetes object name; use --name with lower-case"
                    + " letters, digits, '-' and '.', starting and ending with a letter or digit");
        }
        return name;
    }

    /** libseccomp's SCMP_ARCH_ token, which OCI and the Operator use. */
    static String archName(Arch abi) {
        return "SCMP_ARCH_" + abi.seccompName().toUpperCase(Locale.ROOT);
    }
}
