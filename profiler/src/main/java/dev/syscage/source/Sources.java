package dev.syscage.source;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The sources by name, what each can do on this machine (for {@code doctor} and {@code --source auto}),
 * and the choice {@code auto} makes: the first that works of netlink (lossless, immediate), auditd
 * (lossless, through the daemon's log) and kmsg (loses records).
 */
public final class Sources {
    public static final String NETLINK = "netlink";
    public static final String AUDITD = "auditd";
    public static final String KMSG = "kmsg";
    public static final String AUTO = "auto";
    public static final List<String> NAMES = List.of(NETLINK, AUDITD, KMSG, AUTO);

    private Sources() {
    }

    /**
     * What one source can do here.
     *
     * @param usable   it can be opened now
     * @param lossless it delivers every record (when usable)
     * @param detail   why, in a few words
     */
    public record Check(String source, boolean usable, boolean lossless, String detail) {
    }

    /** Opens the source {@code name} (not auto); the exception says why it cannot be opened and what to do. */
    public static RecordSource open(String name) throws AuditAccessException {
        return switch (name) {
            case NETLINK -> NetlinkSource.open();
            case AUDITD -> AuditdSource.open();
            case KMSG -> KmsgSource.open();
            default -> throw new IllegalArgumentException("unknown source " + name);
        };
    }

    /** Every source, tried here. */
    public static List<Check> check() {
        List<Check> out = new ArrayList<>();
        out.add(netlink());
        Optional<AuditDaemon> daemon = AuditDaemon.find();
        out.add(daemon.isEmpty() ? new Check(AUDITD, false, true, "no audit daemon is running; start auditd to use it")
                : probe(AUDITD, true, "auditd (pid " + daemon.get().pid() + ") writes " + daemon.get().logFile()
                        + " (" + daemon.get().logFormat() + ")"));
        out.add(daemon.isPresent()
                ? new Check(KMSG, false, false, "auditd is running, so the kernel prints no audit records to its log")
                : probe(KMSG, false, "/dev/kmsg can be read, but the kernel prints at most 10 audit lines per 5 s "
                        + "there: it loses records of any real program"));
        return out;
    }

    private static Check netlink() {
        try (NetlinkSource s = NetlinkSource.open()) {
            String detail = "the audit multicast group can be read, receive buffer " + (s.receiveBuffer() >> 20) + " MiB";
            return new Check(NETLINK, true, true, String.join("; ", concat(detail, s.warnings())));
        } catch (AuditAccessException e) {
            return new Check(NETLINK, false, true, e.getMessage());
        }
    }

    private static List<String> concat(String first, List<String> rest) {
        List<String> all = new ArrayList<>(List.of(first));
        all.addAll(rest);
        return all;
    }

    private static Check probe(String name, boolean lossless, String detail) {
        try (RecordSource s = open(name)) {
            return new Check(name, true, lossless, detail);
        } catch (AuditAccessException e) {
            return new Check(name, false, lossless, e.getMessage());
        }
    }

    /** The source {@code auto} takes, with the reason; empty when none works (the checks say why). */
    public static Optional<Check> best(List<Check> checks) {
        return checks.stream().filter(c -> c.usable() && c.lossless()).findFirst()
                .or(() -> checks.stream().filter(Check::usable).findFirst());
    }
}
