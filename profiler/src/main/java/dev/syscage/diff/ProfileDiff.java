package dev.syscage.diff;

import dev.syscage.nativeparts.NativeContract;
import dev.syscage.policy.Phase;
import dev.syscage.policy.PolicyException;
import dev.syscage.policy.ProcessUsage;
import dev.syscage.policy.Profile;
import dev.syscage.policy.SyscallRef;
import dev.syscage.syscalls.Arch;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * What changed between two profiles' allowlists: per phase the syscalls added and removed, the ones
 * that moved between init and main, the newly allowed ones on the {@link RiskList}, and, when both
 * sides ran several executables, the same per executable.
 *
 * <p>What a process may call: in the init phase init ∪ main (the launcher's filter), in the main
 * phase main, each with the baseline. So the new profile <em>widens</em> the old one exactly where it
 * allows a call in main that the old main did not, or a call anywhere that the old profile allowed nowhere.
 *
 * <p>The baseline's own change is {@code baseline}. A call both baselines allow is allowed in every phase on
 * both sides, so whether a run happened to make it is no difference between the phases.
 */
public record ProfileDiff(String oldName, String newName, Arch arch, Map<Phase, Change> phases,
        Change baseline, List<Move> moves, SortedSet<SyscallRef> newlyAllowed, List<Flag> risky,
        List<ProcessDiff> processes) {

    /** Syscalls added to and removed from one list. */
    public record Change(SortedSet<SyscallRef> added, SortedSet<SyscallRef> removed) {
        public boolean isEmpty() {
            return added.isEmpty() && removed.isEmpty();
        }
    }

    /** A syscall that left one phase's list for the other's. */
    public record Move(SyscallRef syscall, Phase from, Phase to) {
    }

    /** A risky syscall the new profile newly allows, in the phase where it is new. */
    public record Flag(SyscallRef syscall, Phase phase, String reason) {
    }

    /** One executable's change; {@code status} is "new", "gone" or "changed". */
    public record ProcessDiff(String exe, String status, Map<Phase, Change> phases) {
    }

    /** Compares {@code older} with {@code newer}; profiles of different architectures are refused. */
    public static ProfileDiff of(String oldName, Profile older, String newName, Profile newer)
            throws PolicyException {
        if (older.arch() != newer.arch()) {
            throw new PolicyException(newName, 0, "a profile for " + newer.arch() + ", but " + oldName
                    + " is for " + older.arch() + "; their syscall tables differ, so compare profiles of one"
                    + " architecture");
        }
        SortedSet<SyscallRef> common = new TreeSet<>(older.baseline().calls());
        common.retainAll(newer.baseline().calls());
        Map<Phase, Change> phases = new EnumMap<>(Phase.class);
        for (Phase p : Phase.values()) {
            phases.put(p, change(older.phase(p), newer.phase(p), common));
        }
        List<Move> moves = new ArrayList<>();
        extractMoves(phases, Phase.INIT, Phase.MAIN, moves);
        extractMoves(phases, Phase.MAIN, Phase.INIT, moves);
        SortedSet<SyscallRef> newlyAllowed = newlyAllowed(older, newer);
        return new ProfileDiff(oldName, newName, older.arch(), phases,
                change(older.baseline().calls(), newer.baseline().calls()), moves, newlyAllowed,
                flags(newlyAllowed, older, newer), processes(older.processes(), newer.processes()));
    }

    /** True when both profiles allow the same syscalls in the same phases, with the same baseline. */
    public boolean same() {
        return phases.values().stream().allMatch(Change::isEmpty) && moves.isEmpty() && baseline.isEmpty();
    }

    /** True when the new profile lets the program make a call the old one refused. */
    public boolean widens() {
        return !newlyAllowed.isEmpty();
    }

    /** New in main, or new anywhere: (new main − old main) ∪ (new init ∪ main − old init ∪ main). */
    private static SortedSet<SyscallRef> newlyAllowed(Profile older, Profile newer) {
        SortedSet<SyscallRef> out = new TreeSet<>(newer.allowed(Phase.MAIN));
        out.removeAll(older.allowed(Phase.MAIN));
        SortedSet<SyscallRef> anywhere = new TreeSet<>(newer.allowedAll());
        anywhere.removeAll(older.allowedAll());
        out.addAll(anywhere);
        return out;
    }

    private static Change change(Set<SyscallRef> before, Set<SyscallRef> after) {
        return change(before, after, Set.of());
    }

    /** {@code before} → {@code after}, leaving out {@code allowedOnBothSides}. */
    private static Change change(Set<SyscallRef> before, Set<SyscallRef> after, Set<SyscallRef> allowedOnBothSides) {
        SortedSet<SyscallRef> added = new TreeSet<>(after);
        added.removeAll(before);
        added.removeAll(allowedOnBothSides);
        SortedSet<SyscallRef> removed = new TreeSet<>(before);
        removed.removeAll(after);
        removed.removeAll(allowedOnBothSides);
        return new Change(added, removed);
    }

    /** A call removed from {@code from} and added to {@code to} moved; it leaves both lists. */
    private static void extractMoves(Map<Phase, Change> phases, Phase from, Phase to, List<Move> moves) {
        SortedSet<SyscallRef> moved = new TreeSet<>(phases.get(from).removed());
        moved.retainAll(phases.get(to).added());
        for (SyscallRef r : moved) {
            phases.get(from).removed().remove(r);
            phases.get(to).added().remove(r);
            moves.add(new Move(r, from, to));
        }
    }

    /** The newly allowed calls on the risk list, in main when main is where they are new. */
    private static List<Flag> flags(SortedSet<SyscallRef> newlyAllowed, Profile older, Profile newer) {
        List<Flag> out = new ArrayList<>();
        for (SyscallRef r : newlyAllowed) {
            Phase where = newer.allowed(Phase.MAIN).contains(r) && !older.allowed(Phase.MAIN).contains(r)
                    ? Phase.MAIN : Phase.INIT;
            RiskList.reason(r.name()).ifPresent(why -> out.add(new Flag(r, where, why)));
        }
        return out;
    }

    /** Per executable, only when both runs had several (one executable's diff is the profile's). */
    private static List<ProcessDiff> processes(List<ProcessUsage> older, List<ProcessUsage> newer) {
        List<ProcessDiff> out = new ArrayList<>();
        Map<String, ProcessUsage> before = byExe(older);
        Map<String, ProcessUsage> after = byExe(newer);
        if (before.size() < 2 || after.size() < 2) {
            return out;
        }
        Set<String> exes = new TreeSet<>(before.keySet());
        exes.addAll(after.keySet());
        for (String exe : exes) {
            ProcessUsage b = before.get(exe);
            ProcessUsage a = after.get(exe);
            Map<Phase, Change> phases = new EnumMap<>(Phase.class);
            for (Phase p : Phase.values()) {
                phases.put(p, change(b == null ? Set.of() : b.counts().get(p).keySet(),
                        a == null ? Set.of() : a.counts().get(p).keySet()));
            }
            if (phases.values().stream().allMatch(Change::isEmpty)) {
                continue;
            }
            out.add(new ProcessDiff(exe, b == null ? "new" : a == null ? "gone" : "changed", phases));
        }
        return out;
    }

    /**
     * The program's executables. The launcher's own entry (its execve of the target, recorded under the
     * launcher's path in syscage's cache, which changes with every syscage build) is not the program's.
     */
    private static Map<String, ProcessUsage> byExe(List<ProcessUsage> usage) {
        Map<String, ProcessUsage> out = new LinkedHashMap<>();
        for (ProcessUsage u : usage) {
            if (u.exe() == null || !u.exe().endsWith("/" + NativeContract.LAUNCHER)) {
                out.put(u.exe() == null ? "?" : u.exe(), u);
            }
        }
        return out;
    }
}
