package dev.syscage.export;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** Every export format, in the order help and docs/exports.md list them. */
public final class Formats {
    private static final List<Exporter> ALL = List.of(new SyscageFormat(), VariableFormat.ENV,
            VariableFormat.SEC_SANDBOX, new SystemdFormat(), SeccompJsonFormat.OCI, SeccompJsonFormat.DOCKER,
            SeccompJsonFormat.K8S,
            new MinijailFormat(), new FirejailFormat(), new BpfFormat(), new CsvFormat(), new JsonFormat());

    private Formats() {
    }

    public static List<Exporter> all() {
        return ALL;
    }

    public static Optional<Exporter> byName(String name) {
        return ALL.stream().filter(f -> f.name().equals(name)).findFirst();
    }

    public static String names() {
        return ALL.stream().map(Exporter::name).collect(Collectors.joining(", "));
    }
}
