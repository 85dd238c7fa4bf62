package dev.syscage.export;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import dev.syscage.policy.Phase;
import dev.syscage.policy.Profile;
import dev.syscage.syscalls.SyscallNames;
import dev.syscage.syscalls.Arch;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;

/**
 * The seccomp section of an OCI runtime configuration (linux.seccomp in config.json), Docker's profile
 * (--security-opt seccomp=FILE: archMap, comments, and Docker's clone3 rule), and the Security Profiles
 * Operator's SeccompProfile resource, whose spec has the OCI fields. A container runtime installs the filter before it executes the
 * container's program, so both phases apply, plus the runtime's own calls after installing it
 * ({@link ContainerRuntime}).
 */
final class SeccompJsonFormat implements Exporter {
    static final SeccompJsonFormat OCI = new SeccompJsonFormat("oci", Kind.OCI);
    static final SeccompJsonFormat DOCKER = new SeccompJsonFormat("docker", Kind.DOCKER);
    static final SeccompJsonFormat K8S = new SeccompJsonFormat("k8s", Kind.K8S);

    private enum Kind { OCI, DOCKER, K8S }

    /** ENOSYS: what Docker's own profile answers clone3 with, so that glibc falls back to clone. */
    private static final int ENOSYS = 38;

    private static final String ALLOW = "SCMP_ACT_ALLOW";
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR));

    private final String name;
    private final Kind kind;
    private final boolean resource;

    private SeccompJsonFormat(String name, Kind kind) {
        this.name = name;
        this.kind = kind;
        this.resource = kind == Kind.K8S;
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
        String what = switch (kind) {
            case K8S -> "a Security Profiles Operator SeccompProfile resource (its spec is an OCI seccomp profile)";
            case DOCKER -> "a Docker seccomp profile (docker run --security-opt seccomp=FILE; archMap, comments, and"
                    + " Docker's clone3 rule when the profile lacks clone3)";
            case OCI -> "an OCI runtime seccomp profile (config.json linux.seccomp)";
        };
        return what + ": the container runtime installs the filter before it executes the program, so both phases"
                + " apply, plus the runtime's own calls after installing it";
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
        Allowlist.Named named = Allowlist.acrossAbis(profile, phases(), name, SyscallNames.installed());
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
        List<String> abis = named.abis().stream().map(SeccompJsonFormat::archName).toList();
        if (kind == Kind.DOCKER) {
            Map<String, Object> arch = new LinkedHashMap<>();
            arch.put("architecture", abis.get(0));
            arch.put("subArchitectures", abis.subList(1, abis.size()));
            spec.put("archMap", List.of(arch));
        } else {
            spec.put("architectures", abis);
        }
        List<Object> syscalls = new ArrayList<>();
        // The profile's calls first, then (one entry of their own, for review) the runtime's others.
        addEntry(syscalls, named.names(), ALLOW, null, "learned by syscage from " + Comment.target(profile));
        SortedSet<String> runtime = options.runtime().calls();
        runtime.removeAll(named.names());
        addEntry(syscalls, runtime, ALLOW, null, "the container runtime's own calls after it installs the filter"
                + " (--runtime " + options.runtime().key() + ")");
        if (kind == Kind.DOCKER && !named.names().contains("clone3") && !runtime.contains("clone3")) {
            addEntry(syscalls, new java.util.TreeSet<>(List.of("clone3")), "SCMP_ACT_ERRNO", ENOSYS,
                    "as in Docker's own profile: ENOSYS makes glibc fall back to clone, which the profile allows");
        }
        spec.put("syscalls", syscalls);
        return spec;
    }

    private void addEntry(List<Object> syscalls, SortedSet<String> names, String action, Integer errnoRet,
            String comment) {
        if (!names.isEmpty()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("names", List.copyOf(names));
            entry.put("action", action);
            if (errnoRet != null) entry.put("errnoRet", errnoRet);
            if (kind == Kind.DOCKER) entry.put("comment", comment);
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
