package dev.syscage.policy;

import dev.syscage.syscalls.SyscallNames;
import dev.syscage.syscalls.Arch;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Reads one syscall of a profile and checks it against libseccomp, so that a profile that reads
 * fine is one the enforcing side accepts too.
 */
final class RefReader {
    /**
     * Largest syscall number (x32: above X32_SYSCALL_BIT). Kernel tables end below 1024; ARM's
     * private calls sit at 0xf0000; syscage's own marker numbers (0x10000000 up) stay out.
     */
    static final long MAX_NUMBER = 0xFFFFF;

    private final YamlSource source;
    private final Arch arch;
    private final SyscallNames table;
    /**
     * What each text read so far gave: its ref, or the detail of its error. A large profile names the same
     * few hundred calls again and again (per process, per phase); libseccomp is asked once per text.
     */
    private final Map<String, SyscallRef> known = new HashMap<>();
    private final Map<String, String> refused = new HashMap<>();

    RefReader(YamlSource source, Arch arch, SyscallNames table) {
        this.source = source;
        this.arch = arch;
        this.table = table;
    }

    SyscallRef read(Node node, String what) throws PolicyException {
        String text = source.string(node, what);
        if (text == null || text.isEmpty()) {
            throw source.error(node, "empty syscall in " + what + "; write a name such as 'write'"
                    + " or remove the line");
        }
        SyscallRef ref = known.get(text);
        if (ref != null) return ref;
        String detail = refused.get(text);
        if (detail != null) throw source.error(node, detail);
        try {
            ref = check(node, text.strip());
        } catch (PolicyException e) {
            refused.put(text, e.detail());
            throw e;
        }
        known.put(text, ref);
        return ref;
    }

    private SyscallRef check(Node node, String text) throws PolicyException {
        int colon = text.indexOf(':');
        Arch abi = arch;
        String name = text;
        if (colon >= 0) {
            String prefix = text.substring(0, colon);
            name = text.substring(colon + 1);
            Optional<Arch> named = Arch.byName(prefix);
            if (named.isEmpty()) {
                throw source.error(node, "unknown ABI '" + prefix + "' in '" + text + "'; "
                        + abiHint());
            }
            abi = named.get();
            if (abi != arch && !arch.secondaryAbis().contains(abi)) {
                throw source.error(node, "ABI '" + abi + "' in '" + text + "' does not exist on "
                        + arch + "; " + abiHint());
            }
        }
        SyscallRef ref = parse(node, abi, name);
        return ref.isNumber() ? checkNumber(node, ref, abi) : checkName(node, ref, abi);
    }

    private SyscallRef parse(Node node, Arch abi, String name) throws PolicyException {
        if (name.startsWith("-") && name.length() > 1 && name.chars().skip(1).allMatch(c -> c >= '0' && c <= '9')) {
            throw source.error(node, "syscall number " + name + " is negative; syscall numbers"
                    + " start at 0");
        }
        try {
            return new SyscallRef(abi == arch ? null : abi, name);
        } catch (IllegalArgumentException e) {
            throw source.error(node, e.getMessage() + "; write a libseccomp name such as 'write',"
                    + " a decimal number, or ABI:NAME such as 'x86:getpid'");
        }
    }

    private SyscallRef checkNumber(Node node, SyscallRef ref, Arch abi) throws PolicyException {
        long n = abi.canonicalNumber(ref.number());
        long base = abi == Arch.X32 ? Arch.X32_SYSCALL_BIT : 0;
        if (n < base || n > base + MAX_NUMBER) {
            throw source.error(node, "syscall number " + ref.name() + " is out of range for " + abi
                    + "; use " + base + " to " + (base + MAX_NUMBER));
        }
        return new SyscallRef(ref.abi(), Long.toString(n));
    }

    private SyscallRef checkName(Node node, SyscallRef ref, Arch abi) throws PolicyException {
        if (table.knows(abi, ref.name())) {
            return ref;
        }
        String fix = table.closest(abi, ref.name())
                .map(c -> "did you mean '" + c + "'?")
                .orElse("check the spelling, or write the call's number if it is newer than"
                        + " " + table.authority());
        throw source.error(node, "unknown syscall '" + ref.name() + "' for " + abi + "; " + fix);
    }

    private String abiHint() {
        if (arch.secondaryAbis().isEmpty()) {
            return arch + " profiles take plain names only (no ABI: prefix)";
        }
        return "use " + arch.secondaryAbis().stream().map(Arch::seccompName)
                .collect(Collectors.joining(" or ")) + " as prefix, or none for " + arch;
    }
}
