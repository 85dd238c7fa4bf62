package dev.syscage.cli;

import dev.syscage.policy.PolicyException;
import dev.syscage.policy.Profile;
import dev.syscage.policy.ProfileMerge;
import dev.syscage.run.ProfileRun;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** The runs of one {@code profile --repeat N}: merged as {@code syscage merge} merges, when there are several. */
final class RepeatedRuns {
    private final List<ProfileRun.Result> results = new ArrayList<>();

    void add(ProfileRun.Result r) {
        results.add(r);
    }

    int size() {
        return results.size();
    }

    Profile merged() throws PolicyException {
        if (results.size() == 1) return results.get(0).profile();
        List<ProfileMerge.Input> inputs = new ArrayList<>();
        for (ProfileRun.Result r : results) {
            inputs.add(new ProfileMerge.Input("run " + (inputs.size() + 1), r.profile()));
        }
        return ProfileMerge.mergeRuns(inputs, "syscage " + Main.version(), Instant.now());
    }

    /** The first run that lost records, else the last: the loss verdict of the profile. */
    ProfileRun.Result verdict() {
        return results.stream().filter(r -> r.loss().lost() > 0).findFirst().orElse(results.get(results.size() - 1));
    }

    /** CMD's status: the first run's that failed, else 0. */
    int exitStatus() {
        return results.stream().mapToInt(ProfileRun.Result::exitStatus).filter(s -> s != 0).findFirst().orElse(0);
    }

    /** " (run token N): exit status S", or the same for several runs. */
    String what() {
        String tokens = results.stream().map(r -> Integer.toString(r.token())).collect(Collectors.joining(", "));
        return results.size() == 1 ? " (run token " + tokens + "): exit status " + exitStatus()
                : " " + results.size() + " times (run tokens " + tokens + "): exit statuses "
                + results.stream().map(r -> Integer.toString(r.exitStatus())).collect(Collectors.joining(", "));
    }
}
