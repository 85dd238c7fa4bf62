package dev.syscage.policy;

import dev.syscage.syscalls.SyscallNames;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.representer.Representer;
import org.yaml.snakeyaml.resolver.Resolver;

/** The profile file format (schema 1): reading with line-exact errors, canonical writing. */
public final class ProfileYaml {
    /** Generous for profiles with per-process counts, yet bounded against runaway input. */
    private static final int MAX_CODE_POINTS = 32 * 1024 * 1024;

    private ProfileYaml() {
    }

    public static Profile read(Path file) throws PolicyException {
        return parse(text(file), file.toString());
    }

    /** The file's text, as {@link #read} takes it: for files of other forms that stand for a profile. */
    public static String readText(Path file) throws PolicyException {
        return text(file);
    }

    /**
     * The file's text, refusing a missing, unreadable, non-UTF-8 or non-regular file (a FIFO, /dev/zero), and
     * one larger than {@link ProfileFiles#MAX_PROFILE_BYTES}, without reading more of it than that.
     */
    static String text(Path file) throws PolicyException {
        try {
            return ProfileFiles.readUtf8(file, ProfileFiles.MAX_PROFILE_BYTES);
        } catch (NoSuchFileException e) {
            throw new PolicyException(file, 0, "no such file; check the path");
        } catch (CharacterCodingException e) {
            throw new PolicyException(file, 0, "not UTF-8 text; a profile is a YAML text file");
        } catch (IOException e) {
            throw new PolicyException(file.toString(), 0, "cannot read: " + ProfileFiles.reason(e)
                    + "; give a profile file written by syscage", e);
        }
    }

    /** Parses profile text; {@code sourceName} is what error messages call it. */
    public static Profile parse(String yaml, String sourceName) throws PolicyException {
        YamlSource source = new YamlSource(sourceName);
        Node root = compose(yaml, sourceName);
        if (root == null) {
            throw empty(sourceName);
        }
        return new ProfileReader(source, table()).read(root);
    }

    static PolicyException empty(String sourceName) {
        return new PolicyException(sourceName, 0, "the profile is empty; write at least"
                + " 'schema: 1', 'arch:' and 'phases:'");
    }

    static SyscallNames table() {
        return SyscallNames.installed();
    }

    /** The YAML tree (null for an empty document); a syntax error names its line. */
    static Node compose(String yaml, String sourceName) throws PolicyException {
        LoaderOptions options = new LoaderOptions();
        options.setCodePointLimit(MAX_CODE_POINTS);
        options.setAllowRecursiveKeys(false);
        try {
            return new Yaml(new SafeConstructor(options), new Representer(new DumperOptions()), new DumperOptions(),
                    options, new NullOnly()).compose(new StringReader(yaml));
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            int line = mark == null ? 0 : mark.getLine() + 1;
            String problem = e.getProblem() == null ? "malformed" : e.getProblem().strip();
            if (e.getContext() != null) {
                problem = e.getContext().strip() + ": " + problem;
            }
            throw new PolicyException(sourceName, line, "YAML syntax error: " + problem
                    + "; check indentation, colons and quotes on this line and the one before", e);
        } catch (YAMLException e) {
            throw new PolicyException(sourceName, 0, "unreadable YAML: " + e.getMessage()
                    + "; fix the file's YAML syntax", e);
        }
    }

    /**
     * Tells only an empty value from text: the reader takes every other scalar as text and parses numbers
     * itself, and the regular expressions of YAML's full set of types were a large share of reading a large
     * profile (one match attempt per scalar per type).
     */
    private static final class NullOnly extends Resolver {
        @Override
        protected void addImplicitResolvers() {
            addImplicitResolver(Tag.NULL, NULL, "~nN\0");
            addImplicitResolver(Tag.NULL, EMPTY, null);
        }
    }

    /** Writes {@code p} to {@code file} atomically (temporary file, then rename). */
    public static void write(Profile p, Path file) throws PolicyException {
        try {
            ProfileFiles.writeAtomically(file, toYaml(p).getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new PolicyException(file.toString(), 0, "cannot write: " + ProfileFiles.reason(e)
                    + "; check that the directory exists and is writable", e);
        }
    }

    /** The canonical text of {@code p}: deterministic, sorted, one syscall per line. */
    public static String toYaml(Profile p) {
        return ProfileWriter.write(p);
    }
}
