package dev.syscage.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collections;
import java.util.Set;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The machine-wide lock between tests that change what every audit reader on the machine sees (auditd, the kernel
 * log, seccomp's actions_logged sysctl, audit exclude rules) and every other test, which may be profiling: a profile
 * taken while another test switches seccomp's logging off would lose records. Every test of a machine tier (tagged
 * kernel, stress or services) holds it shared (this extension is registered for all tests through
 * junit-platform.properties; the unit tier touches nothing machine-wide and may run as any user); a test that changes such state takes
 * it exclusively ({@link #exclusive()}), across test runs of every checkout on the machine (a POSIX lock on a file
 * in the temporary directory). A turnstile file keeps a waiting exclusive taker from being starved by a stream of
 * shared ones: it holds the turnstile while it waits, and shared takers pass the turnstile first.
 */
public final class MachineLock implements BeforeEachCallback, AfterEachCallback {
    static final Path LOCK = Path.of(System.getProperty("java.io.tmpdir"), "syscage-audit-daemon.lock");
    private static final Path TURNSTILE = Path.of(System.getProperty("java.io.tmpdir"), "syscage-audit-daemon.turnstile");

    private static FileChannel lock;
    private static FileChannel turnstile;
    private static FileLock held;
    private static int exclusiveDepth;

    private static final Set<String> MACHINE_TIERS = Set.of("kernel", "stress", "services");

    @Override
    public void beforeEach(ExtensionContext context) {
        if (!Collections.disjoint(context.getTags(), MACHINE_TIERS)) shared();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        releaseShared();
    }

    /** Holds the lock shared (a no-op while this JVM holds it in any way). */
    static synchronized void shared() {
        if (held != null) return;
        try {
            FileLock pass = channel(TURNSTILE).lock(0, Long.MAX_VALUE, true);
            try {
                held = channel(LOCK).lock(0, Long.MAX_VALUE, true);
            } finally {
                pass.release();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static synchronized void releaseShared() {
        if (exclusiveDepth > 0 || held == null) return;
        try {
            held.release();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            held = null;
        }
    }

    /**
     * Holds the lock exclusively until closed, waiting for every test of every other JVM on the machine to end
     * first; a shared hold of this JVM is given up meanwhile and taken again afterwards.
     */
    static synchronized AutoCloseable exclusive() throws IOException {
        boolean wasShared = held != null && exclusiveDepth == 0;
        if (exclusiveDepth == 0) {
            if (held != null) {
                held.release();
                held = null;
            }
            FileLock waiting = channel(TURNSTILE).lock();
            try {
                held = channel(LOCK).lock();
            } finally {
                waiting.release();
            }
        }
        exclusiveDepth++;
        return () -> {
            synchronized (MachineLock.class) {
                if (--exclusiveDepth > 0) return;
                held.release();
                held = null;
                if (wasShared) shared();
            }
        };
    }

    private static FileChannel channel(Path file) throws IOException {
        if (file.equals(LOCK)) {
            if (lock == null) lock = open(file);
            return lock;
        }
        if (turnstile == null) turnstile = open(file);
        return turnstile;
    }

    private static FileChannel open(Path file) throws IOException {
        return FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
    }
}
