package dev.syscage.loss;

/** What one loss-detection method counted for one run: 0 when it found nothing. */
public record Evidence(LossMethod method, long count) {
    public Evidence {
        if (count < 0) throw new IllegalArgumentException("a loss count is >= 0");
    }
}
