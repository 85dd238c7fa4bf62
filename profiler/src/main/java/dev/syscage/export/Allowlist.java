package dev.syscage.export;

import dev.syscage.policy.Phase;
import dev.syscage.policy.Profile;
import dev.syscage.policy.SyscallRef;
import dev.syscage.syscalls.SyscallNames;
import dev.syscage.syscalls.Arch;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The allowlist a format carries, and the one place that decides what a format can express: most
 * take names only (libseccomp resolves them; a call syscage knows only by number has none), and
 * some have no way to name another ABI's calls.
 */
final class Allowlist {
    static final Set<Phase> MAIN = EnumSet.of(Phase.MAIN);
    static final Set<Phase> BOTH = EnumSet.allOf(Phase.class);

    /**
     * Native-ABI names and, for formats that list ABIs beside one name list (systemd, OCI), the
     * ABIs the profile uses: native first.
     */
    record Named(SortedSet<String> names, List<Arch> abis) {
    }

    private Allowlist() {
    }

    /** The union of {@code phases}' allowlists, each with the profile's baseline: what every format carries. */
    static SortedSet<SyscallRef> of(Profile p, Set<Phase> phases) {
        SortedSet<SyscallRef> out = new TreeSet<>();
        phases.forEach(ph -> out.addAll(p.allowed(ph)));
        return out;
    }

    /** "init and main" or "main". */
    static String words(Set<Phase> phases) {
        return phases.stream().map(Phase::key).collect(Collectors.joining(" and "));
    }

    /** For formats that can name native calls only (the variables, minijail). */
    static SortedSet<String> nativeNames(Profile p, Set<Phase> phases, String format)
            throws ExportException {
        SortedSet<String> names = new TreeSet<>();
        for (SyscallRef r : of(p, phases)) {
            refuseNumber(p, r, format);
            if (r.abi() != null) {
                throw new ExportException("the profile allows " + r.text() + " (" + phaseOf(p, r)
                        + "), a call through another ABI, which the " + format + " format cannot"
                        + " express; remove it from the profile, or export --format syscage");
            }
            names.add(r.name());
        }
        return names;
    }

    /**
     * For formats with one name list for every ABI they admit: a name then allows the call in each
     * of them, so another ABI's call needs a name the native ABI has too.
     */
    static Named acrossAbis(Profile p, Set<Phase> phases, String format, SyscallNames table)
            throws ExportException {
        SortedSet<String> names = new TreeSet<>();
        Set<Arch> abis = new LinkedHashSet<>(List.of(p.arch()));
        for (SyscallRef r : of(p, phases)) {
            refuseNumber(p, r, format);
            if (r.abi() != null && !table.knows(p.arch(), r.name())) {
                throw new ExportException("the profile allows " + r.text() + " (" + phaseOf(p, r)
                        + "), which " + p.arch() + " has no call named like; the " + format
                        + " format names calls for every ABI at once, so remove it from the profile,"
                        + " or export --format syscage");
            }
            if (r.abi() != null) {
                abis.add(r.abi());
            }
            names.add(r.name());
        }
        return new Named(names, new ArrayList<>(abis));
    }

    private static void refuseNumber(Profile p, SyscallRef r, String format) throws ExportException {
        if (r.isNumber()) {
            throw new ExportException("the profile allows syscall " + r.text() + " (" + phaseOf(p, r)
                    + ") by number only (libseccomp has no name for it), and the " + format
                    + " format takes names; remove it from the profile, or export --format syscage");
        }
    }

    private static String phaseOf(Profile p, SyscallRef r) {
        return p.baseline().contains(r) ? "baseline" : p.phase(Phase.MAIN).contains(r) ? "main phase" : "init phase";
    }
}
