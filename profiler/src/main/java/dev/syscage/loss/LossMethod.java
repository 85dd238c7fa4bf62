package dev.syscage.loss;

/**
 * The ways syscage detects lost audit records. Each measures something different, so a profile lists
 * every method that was applied with what it counted (metadata.loss), under these names.
 */
public enum LossMethod {
    /** Kernel audit serial numbers between the run's first and last record that the source never showed. */
    SERIAL_GAP("serial-gap"),
    /** Receive-buffer overruns of the audit netlink socket; the kernel does not say how many: at least 1 each. */
    ENOBUFS("enobufs"),
    /** Growth of the kernel's own audit lost counter (AUDIT_GET, or its audit_lost= lines) during the run. */
    KERNEL_LOST("kernel-lost"),
    /** Audit lines the kernel log's rate limit suppressed ({@code kauditd_printk_skb: N callbacks suppressed}). */
    KMSG_SUPPRESSED("kmsg-suppressed"),
    /** Kernel log lines overwritten in the ring buffer before syscage read them (EPIPE, sequence jumps). */
    KMSG_OVERRUN("kmsg-overrun"),
    /** The run's START or END marker never arrived; each missing marker is a lost record. */
    MARKERS("markers"),
    /**
     * Records of a process of the run made after it moved to an audit session of its own (it wrote
     * /proc/self/loginuid), which syscage cannot follow: at least these calls are missing.
     */
    LEFT_RUN("left-run"),
    /**
     * Audit exclude rules that can drop the run's SECCOMP records (before they get a serial, so no gap shows)
     * found while the run went on: a condition, counted in rules, not in records.
     */
    AUDIT_RULES("audit-rules", false),
    /**
     * Changes of /proc/sys/kernel/seccomp/actions_logged found during the run: without {@code log} in it the
     * kernel writes no record (and takes no serial): a condition, counted in changes.
     */
    ACTIONS_LOGGED("actions-logged", false),
    /**
     * Kinds of loss that no method applied could see (e.g. the kernel's backlog drops, which take no serial,
     * when its lost counter cannot be read): a condition, counted in kinds.
     */
    NOT_VERIFIABLE("not-verifiable", false);

    private final String key;
    private final boolean countsRecords;

    LossMethod(String key) {
        this(key, true);
    }

    LossMethod(String key, boolean countsRecords) {
        this.key = key;
        this.countsRecords = countsRecords;
    }

    /**
     * True when the method counts lost records; false when it counts a condition under which records can be
     * lost unseen (any such finding makes a profile incomplete, but says nothing of how many were lost).
     */
    public boolean countsRecords() {
        return countsRecords;
    }

    /** The name profiles and messages use. */
    public String key() {
        return key;
    }

    @Override
    public String toString() {
        return key;
    }
}
