package dev.syscage.cli;

import dev.syscage.nativeparts.NativeContract;

/**
 * syscage's own exit statuses. {@code profile} and {@code run} otherwise exit with the target's status,
 * so syscage's statuses sit where shells and env(1) put a wrapper's own failures.
 */
public final class ExitCodes {
    public static final int OK = 0;
    /** {@code doctor} or {@code check} found a problem. */
    public static final int CHECK_FAILED = 1;
    /** {@code diff}: the profiles differ (as {@code --fail-on} counts); like diff(1). */
    public static final int DIFFERENT = 1;
    /** {@code verify}: a syscall fell outside the policy. */
    public static final int OUTSIDE_POLICY = 1;
    /** {@code verify}: nothing fell outside the policy, but the target itself failed. */
    public static final int TARGET_FAILED = 3;
    /** Bad command line or bad input file (missing, not a profile, malformed). */
    public static final int BAD_INPUT = 2;
    /** The sandbox or the profiler could not be set up (no audit access, native parts, kernel). */
    public static final int SETUP_FAILED = NativeContract.EXIT_SETUP_FAILED;
    /**
     * {@code profile} and {@code parse}: audit records of the run were lost, so the profile (written all the
     * same, marked {@code complete: false}) may lack calls the program makes; without --allow-incomplete.
     * Near 125-127, where wrappers put their own failures, but not 124, which timeout(1) and every shell user
     * read as "timed out" (syscage used it until this version).
     */
    public static final int INCOMPLETE = 122;
    /** A bug in syscage. */
    public static final int INTERNAL = 70;

    private ExitCodes() {
    }
}
