package dev.syscage.run;

import com.sun.jna.LastErrorException;
import dev.syscage.source.LibC;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What kind of program a command starts, as far as preloading goes: a statically linked ELF file has no
 * dynamic loader, so LD_PRELOAD never reaches it. A {@code #!} script runs its interpreter.
 */
public final class Executable {
    private static final int PT_INTERP = 3;
    private static final int MAX_SCRIPT_DEPTH = 4;
    private static final int SETUID = 04000;
    private static final int SETGID = 02000;

    private Executable() {
    }

    /**
     * Whether {@code command} (found as execvp finds it) is a statically linked program, or a script whose
     * interpreter is one. Empty when that cannot be told (not found, not ELF): the launcher reports those.
     */
    public static Optional<Boolean> isStatic(String command) {
        List<Path> chain = chain(command);
        if (chain.isEmpty()) return Optional.empty();
        Path last = chain.get(chain.size() - 1);
        try {
            return isElf(head(last)) ? Optional.of(!hasInterpreter(last)) : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * Why executing {@code command} would give the program other ids or capabilities than syscage's (a setuid or
     * setgid bit, file capabilities) in the file the kernel takes them from: the command, or for a {@code #!}
     * script its interpreter (the kernel ignores a script's own bits). Empty when it would not. The loader then runs
     * in secure-execution mode and ignores LD_PRELOAD, so the preload library alone cannot confine it. A file whose
     * capabilities cannot be read counts as having some.
     */
    public static Optional<String> privileged(String command) {
        int euid = LibC.geteuid();
        int egid = LibC.getegid();
        List<Path> chain = chain(command);
        for (Path file : chain.subList(Math.max(0, chain.size() - 1), chain.size())) {
            try {
                int mode = (Integer) Files.getAttribute(file, "unix:mode");
                int owner = (Integer) Files.getAttribute(file, "unix:uid");
                int group = (Integer) Files.getAttribute(file, "unix:gid");
                if ((mode & SETUID) != 0 && owner != euid) return Optional.of(file + " is setuid (to uid " + owner + ")");
                if ((mode & SETGID) != 0 && group != egid) return Optional.of(file + " is setgid (to gid " + group + ")");
                if (euid != 0 && hasCapabilities(file)) return Optional.of(file + " has file capabilities");
            } catch (IOException | RuntimeException e) {
                return Optional.of("cannot tell whether " + file + " is setuid or has file capabilities (" + e.getMessage()
                        + ")");
            }
        }
        return Optional.empty();
    }

    /**
     * What in {@code file} asks the kernel to raise the ids or capabilities of whoever executes it (a setuid or
     * setgid bit, file capabilities), whoever that is; empty when nothing does. Under no_new_privs, which every
     * seccomp filter of syscage's sets, the kernel ignores it: the program runs with its caller's ids.
     */
    public static Optional<String> raisesIds(Path file) {
        try {
            int mode = (Integer) Files.getAttribute(file, "unix:mode");
            if ((mode & SETUID) != 0) return Optional.of("setuid");
            if ((mode & SETGID) != 0) return Optional.of("setgid");
            return hasCapabilities(file) ? Optional.of("file capabilities") : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // gone since it ran, or unreadable: nothing to say about it
        }
    }

    /**
     * One warning for the programs of {@code exes} that would raise their caller's ids natively and did not under
     * syscage, or none.
     */
    public static Optional<String> underNoNewPrivs(List<String> exes) {
        List<String> found = new ArrayList<>();
        for (String exe : exes) {
            if (exe != null && exe.startsWith("/")) raisesIds(Path.of(exe)).ifPresent(what -> found.add(exe + " (" + what + ")"));
        }
        if (found.isEmpty()) return Optional.empty();
        return Optional.of("the run executed " + String.join(", ", found) + ": under syscage's filters (no_new_privs) "
                + "the kernel does not raise ids or capabilities, so for a caller without them such a program runs "
                + "without its privileges and may fail or behave otherwise than natively (ping, sudo)");
    }

    private static boolean hasCapabilities(Path file) {
        try {
            return LibC.getxattr(file.toString(), "security.capability", null, 0) >= 0;
        } catch (LastErrorException e) {
            if (e.getErrorCode() == LibC.ENODATA || e.getErrorCode() == LibC.ENOTSUP) return false;
            throw new IllegalStateException("getxattr: errno " + e.getErrorCode(), e);
        }
    }

    /**
     * The files that executing {@code command} runs, in order: the command (found as execvp finds it) and, for a
     * {@code #!} script, its interpreter, and so on; the last one is not a script. Empty when not found.
     */
    static List<Path> chain(String command) {
        List<Path> out = new ArrayList<>();
        Optional<Path> file = resolve(command);
        for (int depth = 0; file.isPresent() && depth < MAX_SCRIPT_DEPTH; depth++) {
            out.add(file.get());
            try {
                byte[] head = head(file.get());
                if (head.length < 2 || head[0] != '#' || head[1] != '!') return out;
                String line = new String(head, 2, head.length - 2, StandardCharsets.ISO_8859_1).split("\n", 2)[0].trim();
                file = line.isEmpty() ? Optional.empty() : Optional.of(Path.of(line.split("[ \t]+", 2)[0]));
            } catch (IOException | RuntimeException e) {
                return out;
            }
        }
        return out;
    }

    private static boolean isElf(byte[] head) {
        return head.length >= 4 && head[0] == 0x7f && head[1] == 'E' && head[2] == 'L' && head[3] == 'F';
    }

    /** {@code command} as execvp finds it: a path when it has a slash, else the first match in PATH. */
    static Optional<Path> resolve(String command) {
        if (command.contains("/")) return Optional.of(Path.of(command)).filter(Files::isRegularFile);
        String path = System.getenv().getOrDefault("PATH", "/bin:/usr/bin");
        for (String dir : path.split(":", -1)) {
            Path p = Path.of(dir.isEmpty() ? "." : dir, command);
            if (Files.isRegularFile(p) && Files.isExecutable(p)) return Optional.of(p);
        }
        return Optional.empty();
    }

    private static byte[] head(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return in.readNBytes(256);
        }
    }

    /** Whether the ELF file has a PT_INTERP program header (a dynamic loader to run it). */
    private static boolean hasInterpreter(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file)) {
            ByteBuffer ident = read(ch, 0, 64, ByteOrder.LITTLE_ENDIAN);
            boolean is64 = ident.get(4) == 2;
            ByteOrder order = ident.get(5) == 2 ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
            ByteBuffer h = read(ch, 0, 64, order);
            long phoff = is64 ? h.getLong(32) : Integer.toUnsignedLong(h.getInt(28));
            int phentsize = Short.toUnsignedInt(h.getShort(is64 ? 54 : 42));
            int phnum = Short.toUnsignedInt(h.getShort(is64 ? 56 : 44));
            ByteBuffer ph = read(ch, phoff, phentsize * phnum, order);
            for (int i = 0; i < phnum; i++) {
                if (ph.getInt(i * phentsize) == PT_INTERP) return true;
            }
            return false;
        }
    }

    private static ByteBuffer read(FileChannel ch, long at, int length, ByteOrder order) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(length).order(order);
        while (b.hasRemaining() && ch.read(b, at + b.position()) > 0) {
            // keep reading: a short read is not the end
        }
        if (b.hasRemaining()) throw new IOException("truncated ELF file");
        return b.flip();
    }
}
