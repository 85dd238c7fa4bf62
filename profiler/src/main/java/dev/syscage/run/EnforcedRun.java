package dev.syscage.run;

import dev.syscage.nativeparts.NativeContract;
import dev.syscage.nativeparts.NativeParts;
import dev.syscage.policy.Profile;
import dev.syscage.policy.SyscallRef;
import dev.syscage.record.AuditRecord;
import dev.syscage.source.RecordSource;
import dev.syscage.syscalls.Arch;
import dev.syscage.syscalls.SyscallTable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * One confined run: the launcher installs init ∪ main, the preload library main. When audit records
 * can be read, the refusals of this run are collected so syscage can name the syscall that was refused.
 */
public final class EnforcedRun {
    /** Refusals kept at most; a run that is refused more often than this has one problem many times. */
    private static final int MAX_REFUSALS = 10_000;

    private final NativeParts parts;
    private final SyscallTable table;

    /** A call the policy refused: which, where and what the kernel did. */
    public record Refusal(SyscallRef syscall, long pid, String exe, String action) {
    }

    public record Result(int exitStatus, List<Refusal> refusals, boolean audited) {
    }

    public EnforcedRun(NativeParts parts, SyscallTable table) {
        this.parts = parts;
        this.table = table;
    }

    public Result run(Profile policy, String action, List<String> command, RecordSource source)
            throws IOException, InterruptedException {
        try (ScratchDir dir = ScratchDir.create()) {
            Path policyFile = dir.write("policy", NativeContract.renderPolicy(policy));
            Path report = dir.file("session");
            List<AuditRecord> refused = new ArrayList<>();
            AuditedLaunch launch = new AuditedLaunch(parts);
            List<String> argv = NativeContract.enforceCommand(parts, policyFile, action,
                    source == null ? null : report, command);
            AuditedLaunch.Outcome outcome = launch.run(argv, source, r -> {
                if (r.refused() && refused.size() < MAX_REFUSALS) refused.add(r);
            });
            long ses = Files.exists(report) ? NativeContract.reportedSession(Files.readString(report)) : -1;
            return new Result(outcome.exitStatus(), refusals(policy.arch(), refused, ses), source != null);
        }
    }

    private List<Refusal> refusals(Arch arch, List<AuditRecord> records, long ses) {
        Set<Refusal> out = new LinkedHashSet<>();
        for (AuditRecord r : records) {
            if (ses < 0 || r.ses() != ses) continue;
            var abi = Arch.ofRecord(r.arch(), r.syscall());
            SyscallRef ref = abi.isPresent() ? SyscallRef.of(arch, abi.get(), r.syscall(), table)
                    : SyscallRef.parse(Long.toString(r.syscall()));
            out.add(new Refusal(ref, r.pid(), r.exe(), r.actionName()));
        }
        return List.copyOf(out);
    }
}
