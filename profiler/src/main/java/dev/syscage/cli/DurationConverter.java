package dev.syscage.cli;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** A duration as timeout(1) and systemd write it: {@code 30}, {@code 30s}, {@code 1.5m}, {@code 500ms}, {@code 2h}. */
final class DurationConverter implements ITypeConverter<Duration> {
    private static final Pattern FORM = Pattern.compile("([0-9]+(?:\\.[0-9]+)?)(ms|s|m|h|d)?");

    @Override
    public Duration convert(String text) {
        Matcher m = FORM.matcher(text.trim());
        if (!m.matches()) throw bad(text);
        double amount = Double.parseDouble(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        double millis = amount * switch (unit) {
            case "ms" -> 1;
            case "s" -> 1_000;
            case "m" -> 60_000;
            case "h" -> 3_600_000;
            default -> 86_400_000;
        };
        if (millis < 1 || millis > Long.MAX_VALUE / 2_000_000L) throw bad(text);
        return Duration.ofMillis((long) millis);
    }

    private static TypeConversionException bad(String text) {
        return new TypeConversionException("'" + text + "' is not a duration; write e.g. 30s, 5m, 1h or 500ms");
    }
}
