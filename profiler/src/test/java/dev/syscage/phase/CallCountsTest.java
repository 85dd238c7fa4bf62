package dev.syscage.phase;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The primitive count table counts exactly what a map would, through growth and for any key. */
class CallCountsTest {
    @Test
    void countsLikeAMapWhateverTheKeys() {
        CallCounts counts = new CallCounts();
        Map<Long, Long> expected = new HashMap<>();
        Random random = new Random(6);
        long[] odd = {-1L, 0L, Long.MIN_VALUE, Long.MAX_VALUE, 0xc000003eL << 32, 0xffffffffL << 32 | 0xffffffffL};
        for (int i = 0; i < 200_000; i++) {
            long key = i % 10 == 0 ? odd[random.nextInt(odd.length)]
                    : (0xc000003eL + random.nextInt(3)) << 32 | random.nextInt(5000);
            counts.increment(key);
            expected.merge(key, 1L, Long::sum);
        }
        Map<Long, Long> got = new HashMap<>();
        counts.forEach((key, count) -> assertEquals(null, got.put(key, count), "each key once"));
        assertEquals(expected, got);
        assertEquals(expected.size(), counts.size());
    }

    @Test
    void emptyHasNothing() {
        CallCounts counts = new CallCounts();
        counts.forEach((key, count) -> {
            throw new AssertionError("no keys");
        });
        assertEquals(0, counts.size());
    }
}
