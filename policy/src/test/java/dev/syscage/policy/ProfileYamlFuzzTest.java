package dev.syscage.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Coverage-guided fuzzing of the profile reader (Jazzer). Any text either reads as a profile or is
 * refused with a PolicyException naming the file; anything else thrown is a finding. A profile that
 * was read must write back to text that reads as the same profile.
 */
class ProfileYamlFuzzTest {

    @FuzzTest(maxDuration = "20s")
    void anyTextReadsOrIsRefusedCleanly(FuzzedDataProvider data) throws PolicyException {
        String text = data.consumeRemainingAsString();
        Profile profile;
        try {
            profile = ProfileYaml.parse(text, "fuzz.yaml");
        } catch (PolicyException e) {
            assertTrue(e.getMessage().startsWith("fuzz.yaml"), e.getMessage());
            return;
        }
        assertEquals(profile, ProfileYaml.parse(ProfileYaml.toYaml(profile), "written.yaml"));
    }
}
