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
    LEFT_RUN("left-run");

    private final String key;

    LossMethod(String key) {
        this.key = key;
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
