package dev.syscage.policy;

import dev.syscage.syscalls.Arch;
import dev.syscage.syscalls.SyscallTable;
import java.util.Comparator;
import java.util.Objects;

/**
 * One allowed syscall as a profile names it: {@code write}, {@code 462}, {@code x86:getpid}.
 *
 * @param abi  the ABI, or null for the profile's own (native) arch
 * @param name a libseccomp name, or a decimal number when libseccomp does not know the call
 */
public record SyscallRef(Arch abi, String name) implements Comparable<SyscallRef> {
    /** Longest decimal kept as text; anything longer cannot be a syscall and is refused early. */
    private static final int MAX_DIGITS = 18;

    private static final Comparator<SyscallRef> ORDER = Comparator
            .comparing((SyscallRef r) -> r.abi == null ? "" : r.abi.seccompName())
            .thenComparing(SyscallRef::isNumber)
            .thenComparingLong(r -> r.isNumber() ? Long.parseLong(r.name) : 0)
            .thenComparing(SyscallRef::name);

    public SyscallRef {
        Objects.requireNonNull(name, "name");
        if (!isName(name) && !isDigits(name)) {
            throw new IllegalArgumentException(describeBad(name));
        }
        if (isDigits(name)) {
            if (name.length() > MAX_DIGITS) {
                throw new IllegalArgumentException("syscall number " + name + " is too large");
            }
            name = Long.toString(Long.parseLong(name)); // one spelling per number: "07" is "7"
        }
    }

    /** Parses "write", "462" or "x86:getpid"; IllegalArgumentException says what is wrong. */
    public static SyscallRef parse(String text) {
        Objects.requireNonNull(text, "text");
        int colon = text.indexOf(':');
        if (colon < 0) {
            return new SyscallRef(null, text);
        }
        String prefix = text.substring(0, colon);
        Arch abi = Arch.byName(prefix).orElseThrow(() -> new IllegalArgumentException(
                "unknown ABI '" + prefix + "' in '" + text + "'"));
        return new SyscallRef(abi, text.substring(colon + 1));
    }

    /**
     * The reference for syscall {@code number} seen through {@code recordAbi}: native (null abi)
     * when that is the profile's arch, by name when libseccomp knows it, else by number.
     */
    public static SyscallRef of(Arch profileArch, Arch recordAbi, long number, SyscallTable table) {
        Arch abi = recordAbi == profileArch ? null : recordAbi;
        String name = table.name(recordAbi, number)
                .orElseGet(() -> Long.toString(recordAbi.canonicalNumber(number)));
        return new SyscallRef(abi, name);
    }

    /** The inverse of {@link #parse}. */
    public String text() {
        return abi == null ? name : abi.seccompName() + ":" + name;
    }

    /** True when the call is named by its number (libseccomp did not know it). */
    public boolean isNumber() {
        return isDigits(name);
    }

    /** The number, for {@link #isNumber()} refs. */
    public long number() {
        if (!isNumber()) {
            throw new IllegalStateException(text() + " is not a number");
        }
        return Long.parseLong(name);
    }

    /** This ref with the profile's arch written as native, so one call has one spelling. */
    public SyscallRef relativeTo(Arch profileArch) {
        return abi == profileArch ? new SyscallRef(null, name) : this;
    }

    @Override
    public int compareTo(SyscallRef other) {
        return ORDER.compare(this, other);
    }

    @Override
    public String toString() {
        return text();
    }

    // A loop, not a stream: the profile's order calls this for every comparison, hundreds of thousands of
    // times for a wide profile (many executables), where a stream per call took most of writing it.
    private static boolean isDigits(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') return false;
        }
        return !s.isEmpty();
    }

    /** libseccomp names: lower-case letters, digits, '_' (e.g. _llseek, arm_fadvise64_64). */
    private static boolean isName(String s) {
        return !s.isEmpty() && !isDigits(s.substring(0, 1))
                && s.chars().allMatch(c -> (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_');
    }

    private static String describeBad(String name) {
        if (name.isEmpty()) {
            return "empty syscall name";
        }
        if (name.startsWith("-") && isDigits(name.substring(1))) {
            return "syscall number " + name + " is negative";
        }
        return "'" + name + "' is not a syscall name or number";
    }
}
