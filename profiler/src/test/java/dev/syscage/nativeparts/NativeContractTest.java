package dev.syscage.nativeparts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * native/README.md states the native contract once; the C sources implement it and NativeContract mirrors it.
 * These checks keep the three equal: the launcher's options, the environment variables and the exit statuses.
 * (The marker numbers have their own check in SessionTrackerTest.)
 */
class NativeContractTest {
    private static final Path NATIVE = Path.of(System.getProperty("user.dir")).resolve("../native").normalize();

    private static String read(Path p) throws IOException {
        return Files.readString(p);
    }

    private static Set<String> all(Pattern p, String text) {
        Set<String> out = new TreeSet<>();
        Matcher m = p.matcher(text);
        while (m.find()) out.add(m.group(1));
        return out;
    }

    private static String cSources() throws IOException {
        StringBuilder all = new StringBuilder();
        try (Stream<Path> files = Files.list(NATIVE.resolve("src"))) {
            for (Path f : files.filter(f -> f.toString().endsWith(".c") || f.toString().endsWith(".h")).toList()) {
                all.append(read(f));
            }
        }
        return all.toString();
    }

    @Test
    void theLaunchersOptionsAreTheOnesTheReadmeDocumentsAndJavaUses() throws IOException {
        String readme = read(NATIVE.resolve("README.md"));
        Set<String> documented = all(Pattern.compile("(?m)^\\| `(--[a-z-]+)"), readme);
        String exec = read(NATIVE.resolve("src/exec.c"));
        // the option tables, and --help and --version, which the parser answers at once
        Set<String> implemented = all(Pattern.compile("\\{ \"(--[a-z-]+)\""), exec);
        implemented.addAll(all(Pattern.compile("strcmp\\(a, \"(--[a-z-]+)\"\\)"), exec));
        assertEquals(documented, implemented, "native/README.md's option table against exec.c's parser");

        String java = read(Path.of("src/main/java/dev/syscage/nativeparts/NativeContract.java"));
        Set<String> used = all(Pattern.compile("\"(--[a-z-]+)\""), java);
        used.remove("--");
        assertTrue(documented.containsAll(used), "NativeContract uses options native/README.md does not document: "
                + minus(used, documented));
    }

    @Test
    void everyVariableIsDocumentedAndReadByTheNativeParts() throws Exception {
        String readme = read(NATIVE.resolve("README.md"));
        String c = cSources();
        List<String> names = new ArrayList<>();
        for (Field f : NativeContract.class.getFields()) {
            if (f.getName().startsWith("ENV_") && Modifier.isStatic(f.getModifiers())) names.add((String) f.get(null));
        }
        assertTrue(names.size() >= 9, names.toString());
        for (String name : names) {
            assertTrue(readme.contains("`" + name), name + " is not in native/README.md");
            assertTrue(c.contains("\"" + name + "\""), name + " is in no C source");
        }
        // and the other way round: every syscage variable the C code reads or sets is mirrored
        Set<String> inC = all(Pattern.compile("\"((?:SYSCAGE|SECCOMP)_[A-Z_]+)\""), c);
        assertTrue(names.containsAll(inC), "variables of the C code NativeContract lacks: " + minus(inC, Set.copyOf(names)));
    }

    @Test
    void theExitStatusesAreTheReadmes() throws IOException {
        String readme = read(NATIVE.resolve("README.md"));
        for (int status : List.of(NativeContract.EXIT_SETUP_FAILED, NativeContract.EXIT_NOT_EXECUTABLE,
                NativeContract.EXIT_NOT_FOUND)) {
            assertTrue(readme.contains("| " + status + " |"), status + " is not in native/README.md's status table");
        }
        String fail = read(NATIVE.resolve("src/fail.h")) + read(NATIVE.resolve("src/fail.c"));
        assertTrue(fail.contains(Integer.toString(NativeContract.EXIT_SETUP_FAILED)), "fail.c exits with another status");
    }

    private static Set<String> minus(Set<String> a, Set<String> b) {
        Set<String> out = new TreeSet<>(a);
        out.removeAll(b);
        return out;
    }
}
