package dev.syscage.loss;

/**
 * What one loss-detection method counted for one run: 0 when it found nothing.
 *
 * @param how   how the method checked, when its name does not say (e.g. how often it polled); null: not said
 * @param found what it found, as a clause of a message that also says what to do; null when nothing
 */
public record Evidence(LossMethod method, long count, String how, String found) {
    public Evidence {
        if (count < 0) throw new IllegalArgumentException("a loss count is >= 0");
    }

    public Evidence(LossMethod method, long count) {
        this(method, count, null, null);
    }
}
