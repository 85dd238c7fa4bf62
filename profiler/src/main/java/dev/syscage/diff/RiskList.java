package dev.syscage.diff;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The syscalls whose newly allowing widens a program's attack surface, each with the reason. Two resource
 * files beside this class, readable by a reviewer without reading Java and listed in docs/review.md:
 * risky-systemd.txt, generated from systemd's syscall groups (a list others maintain as the kernel grows;
 * RiskListTest compares it with {@code systemd-analyze syscall-filter}), and risky-syscalls.txt, written by
 * hand for what those groups leave out and for sharper reasons where a group's is vague.
 */
public final class RiskList {
    static final String HAND = "risky-syscalls.txt";
    static final String SYSTEMD = "risky-systemd.txt";
    private static final Map<String, String> REASONS = load();

    private RiskList() {
    }

    /** Why allowing {@code name} is risky, if it is on the list. */
    public static Optional<String> reason(String name) {
        return Optional.ofNullable(REASONS.get(name));
    }

    /** Every entry: the hand-written ones in their file's order, then the groups' in theirs. */
    public static Map<String, String> all() {
        return REASONS;
    }

    private static Map<String, String> load() {
        Map<String, String> out = new LinkedHashMap<>();
        for (String line : lines(HAND)) {
            String[] parts = line.split("\\s+", 2);
            if (parts.length != 2 || out.put(parts[0], parts[1]) != null) {
                throw new IllegalStateException(HAND + ": bad or repeated entry: " + line);
            }
        }
        String group = null;
        for (String line : lines(SYSTEMD)) {
            if (line.startsWith("@")) {
                String[] parts = line.split("\\s+", 2);
                group = "in systemd's " + parts[0] + " group: " + (parts.length == 2 ? lower(parts[1]) : "");
            } else if (group == null || line.contains(" ")) {
                throw new IllegalStateException(SYSTEMD + ": bad entry: " + line);
            } else {
                out.putIfAbsent(line, group);
            }
        }
        return Collections.unmodifiableMap(out);
    }

    private static String lower(String s) {
        return s.isEmpty() ? s : Character.toLowerCase(s.charAt(0)) + s.substring(1);
    }

    /** The stripped lines of a resource, without blank lines and comments. */
    static List<String> lines(String resource) {
        List<String> out = new ArrayList<>();
        try (InputStream in = RiskList.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("this syscage build lacks " + resource);
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                String s = line.strip();
                if (!s.isEmpty() && !s.startsWith("#")) out.add(s);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }
}
