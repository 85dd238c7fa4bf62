package dev.syscage.export;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.syscage.policy.PolicyException;
import dev.syscage.policy.Profile;
import dev.syscage.policy.ProfileYaml;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Golden files under src/test/resources/golden. Run with -Dsyscage.golden.update=true to rewrite
 * them after an intended change, then review the diff like any other.
 */
public final class Golden {
    public static final Path DIR = Path.of("src/test/resources/golden");

    private Golden() {
    }

    public static Profile profile(String name) throws PolicyException {
        return ProfileYaml.read(DIR.resolve(name));
    }

    public static void assertMatches(String relative, String actual) throws IOException {
        Path file = DIR.resolve(relative);
        if (Boolean.getBoolean("syscage.golden.update")) {
            Files.createDirectories(file.getParent());
            Files.writeString(file, actual);
        }
        assertEquals(Files.readString(file), actual, "golden file " + file);
    }
}
