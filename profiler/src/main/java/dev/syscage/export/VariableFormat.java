package dev.syscage.export;

import dev.syscage.nativeparts.NativeContract;
import dev.syscage.policy.Phase;
import dev.syscage.policy.Profile;
import java.util.Set;

/**
 * One environment variable holding the main phase's names, for preload libraries that install
 * their filter from a constructor, after the loader and libc have started: Cloudflare's
 * libsandbox.so (and libsyscage.so in its compatible mode), and the Sec-sandbox fork of it.
 */
final class VariableFormat implements Exporter {
    static final VariableFormat ENV = new VariableFormat("env", NativeContract.ENV_ALLOW, ":", false,
            NativeContract.ENV_ALLOW + " for Cloudflare's libsandbox.so and " + NativeContract.PRELOAD
                    + " in its compatible mode");
    static final VariableFormat SEC_SANDBOX = new VariableFormat("sec-sandbox", "Whitelist_mode", " ", true,
            "Whitelist_mode for the Sec-sandbox fork of libsandbox.so");

    private final String name;
    private final String variable;
    private final String separator;
    private final boolean quoted;
    private final String consumer;

    private VariableFormat(String name, String variable, String separator, boolean quoted, String consumer) {
        this.name = name;
        this.variable = variable;
        this.separator = separator;
        this.quoted = quoted;
        this.consumer = consumer;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Set<Phase> phases() {
        return Allowlist.MAIN;
    }

    @Override
    public String why() {
        return consumer + ": the library installs its filter from its constructor, after runtime start-up,"
                + " so only the main phase applies (the launcher form needs both: --format syscage)";
    }

    @Override
    public String render(Profile profile, ExportOptions options) throws ExportException {
        String list = String.join(separator, Allowlist.nativeNames(profile, phases(), name));
        return variable + "=" + (quoted ? "\"" + list + "\"" : list) + "\n";
    }
}
