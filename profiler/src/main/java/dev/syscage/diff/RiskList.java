package dev.syscage.diff;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The curated syscalls whose newly allowing widens a program's attack surface, each with the reason.
 * The list is the resource file risky-syscalls.txt beside this class: one place, readable by a
 * reviewer without reading Java, and listed in README.md.
 */
public final class RiskList {
    private static final String RESOURCE = "risky-syscalls.txt";
    private static final Map<String, String> REASONS = load();

    private RiskList() {
    }

    /** Why allowing {@code name} is risky, if it is on the list. */
    public static Optional<String> reason(String name) {
        return Optional.ofNullable(REASONS.get(name));
    }

    /** Every entry, in the file's order. */
    public static Map<String, String> all() {
        return REASONS;
    }

    private static Map<String, String> load() {
        Map<String, String> out = new LinkedHashMap<>();
        try (InputStream in = RiskList.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("this syscage build lacks " + RESOURCE);
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                String s = line.strip();
                if (s.isEmpty() || s.startsWith("#")) {
                    continue;
                }
                String[] parts = s.split("\\s+", 2);
                if (parts.length != 2 || out.put(parts[0], parts[1]) != null) {
                    throw new IllegalStateException(RESOURCE + ": bad or repeated entry: " + line);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Collections.unmodifiableMap(out);
    }
}
