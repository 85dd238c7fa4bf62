package dev.syscage.export;

import java.util.Objects;

/**
 * Choices for formats that have them.
 *
 * @param action  what a call outside the allowlist gets, in syscage's words (kill, errno:N, log, ...),
 *                or null for the format's default
 * @param runtime the container runtime whose own calls a container format adds
 * @param name    the name a format gives the policy object (the Kubernetes resource's metadata.name)
 */
public record ExportOptions(String action, ContainerRuntime runtime, String name) {
    public ExportOptions {
        Objects.requireNonNull(runtime, "runtime");
        Objects.requireNonNull(name, "name");
    }

    public static ExportOptions defaults(String name) {
        return new ExportOptions(null, ContainerRuntime.ANY, name);
    }
}
