package dev.syscage.export;

import dev.syscage.nativeparts.NativeContract;
import dev.syscage.policy.Phase;
import dev.syscage.policy.Profile;
import java.util.Set;

/** The native policy file of {@code syscage-exec --policy} and {@code SYSCAGE_POLICY}. */
final class SyscageFormat implements Exporter {
    @Override
    public String name() {
        return "syscage";
    }

    @Override
    public Set<Phase> phases() {
        return Allowlist.BOTH;
    }

    @Override
    public String why() {
        return "the policy file of " + NativeContract.LAUNCHER + " --policy and " + NativeContract.ENV_POLICY
                + ": the launcher enforces init ∪ main before exec, " + NativeContract.PRELOAD
                + " main from its constructor on, so the file keeps each phase apart";
    }

    @Override
    public String render(Profile profile, ExportOptions options) {
        return NativeContract.renderPolicy(profile);
    }
}
