/* syscage-exec: the launcher (README "syscage-exec"). */
#include "action.h"
#include "audit_session.h"
#include "fail.h"
#include "filter.h"
#include "guard.h"
#include "marker.h"
#include "policy.h"
#include "ruleset.h"
#include "stamp.h"
#include "target.h"

#include <elf.h>
#include <errno.h>
#include <link.h>
#include <fcntl.h>
#include <limits.h>
#include <seccomp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

extern char **environ;

#define USAGE "usage: syscage-exec [--policy FILE] [--action ACTION] [--profile TOKEN] [--report FILE] [--preload PATH | --no-preload] [--die-with-parent] -- CMD [ARGS...]  or  syscage-exec --mark-end < KEY  or  syscage-exec --nudge TOKEN  or  syscage-exec --guard CGROUP  or  syscage-exec --export-bpf --policy FILE [--action ACTION]"

struct options {
    const char *policy, *action, *profile, *report, *preload, *nudge, *guard;
    int no_preload, die_with_parent, mark_end, export_bpf;
    char **cmd;         /* NULL-terminated argv of the target */
};

static struct ruleset rules;

static void usage_error(const char *what, const char *arg)
{
    fail("%s%s%s; " USAGE, what, arg ? " " : "", arg ? arg : "");
}

static void parse_options(int argc, char **argv, struct options *o)
{
    struct { const char *name; const char **slot; } valued[] = {
        { "--policy", &o->policy }, { "--action", &o->action },
        { "--profile", &o->profile }, { "--report", &o->report },
        { "--preload", &o->preload }, { "--nudge", &o->nudge }, { "--guard", &o->guard },
    };
    struct { const char *name; int *slot; } flags[] = {
        { "--no-preload", &o->no_preload }, { "--die-with-parent", &o->die_with_parent },
        { "--mark-end", &o->mark_end }, { "--export-bpf", &o->export_bpf },
    };
    int i = 1;

    memset(o, 0, sizeof *o);
    while (i < argc) {
        const char *a = argv[i];
        size_t k;

        if (!strcmp(a, "--")) {
            i++;
            break;
        }
        if (a[0] != '-')
            break;
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            printf("%s\n", USAGE);
            exit(0);
        }
        if (!strcmp(a, "--version")) {
            const struct scmp_version *v = seccomp_version();

            printf("syscage-exec (libseccomp %u.%u.%u)\n", v->major, v->minor, v->micro);
            exit(0);
        }
        for (k = 0; k < sizeof flags / sizeof flags[0]; k++)
            if (!strcmp(a, flags[k].name))
                break;
        if (k < sizeof flags / sizeof flags[0]) {
            int *flag = flags[k].slot;

            if (*flag)
                usage_error("repeated option", a);
            *flag = 1;
            i++;
            continue;
        }
        for (k = 0; k < sizeof valued / sizeof valued[0]; k++)
            if (!strcmp(a, valued[k].name))
                break;
        if (k == sizeof valued / sizeof valued[0])
            usage_error("unknown option", a);
        if (*valued[k].slot != NULL)
            usage_error("repeated option", a);
        if (i + 1 >= argc)
            usage_error("missing value after", a);
        *valued[k].slot = argv[i + 1];
        i += 2;
    }
    o->cmd = i < argc ? argv + i : NULL;
}

/* PATH made absolute against the current directory (not resolved: a
 * symlink stays a symlink). */
static char *absolute(const char *what, const char *path)
{
    static char cwd[PATH_MAX];
    char *out;

    if (*path == '\0')
        fail("the %s path is empty; give a file", what);
    if (path[0] == '/')
        out = strdup(path);
    else if (getcwd(cwd, sizeof cwd) == NULL)
        fail("cannot determine the current directory: %s; give the %s as an absolute path",
             strerror(errno), what);
    else if (asprintf(&out, "%s/%s", cwd, path) < 0)
        out = NULL;
    if (out == NULL)
        fail("out of memory; retry");
    return out;
}

/* PATH with every symbolic link resolved (realpath). */
static const char *resolved(const char *what, const char *path)
{
    char *out;

    if (*path == '\0')
        fail("the %s path is empty; give a file", what);
    out = realpath(path, NULL);
    if (out == NULL)
        fail("cannot open %s %s: %s; check the path and its permissions", what, path, strerror(errno));
    return out;
}

static char *default_preload(void)
{
    static char self[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
    char *slash, *out;

    if (n <= 0 || (size_t)n >= sizeof self - 1)
        fail("cannot find the launcher's own directory (/proc/self/exe); give --preload PATH");
    self[n] = '\0';
    slash = strrchr(self, '/');
    *slash = '\0';
    if (asprintf(&out, "%s/libsyscage.so", self) < 0)
        fail("out of memory; retry");
    return out;
}

static void set_env(const char *name, const char *value)
{
    if (value == NULL ? unsetenv(name) != 0 : setenv(name, value, 1) != 0)
        fail("cannot set %s: %s; retry", name, strerror(errno));
}

static void put_preload(const char *preload)
{
    const char *old = getenv("LD_PRELOAD");
    char *value;

    /* ld.so splits LD_PRELOAD at blanks and colons. */
    if (strpbrk(preload, ": \t") != NULL)
        fail("the preload path %s contains a colon or a blank, which LD_PRELOAD cannot carry; install syscage elsewhere",
             preload);
    if (old == NULL || *old == '\0')
        value = strdup(preload);
    else if (asprintf(&value, "%s:%s", preload, old) < 0)
        value = NULL;
    if (value == NULL)
        fail("out of memory; retry");
    set_env("LD_PRELOAD", value);
}

/* The loader reports a preload it cannot load with a write to stderr, which few policies allow: under the
 * launcher's filter the target then dies of SIGSYS and nothing says why.  So the launcher opens the library
 * first and checks that it is an ELF shared object of its own class, byte order and machine (the rest is the
 * loader's to check; what it refuses still leaves the target confined by this filter). */
static void check_preload(const char *path)
{
    extern const ElfW(Ehdr) __ehdr_start;   /* the launcher's own ELF header (GNU ld) */
    ElfW(Ehdr) h;
    ssize_t n;
    int fd;

    do
        fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    while (fd < 0 && errno == EINTR);
    if (fd < 0)
        fail("cannot open the preload library %s: %s; reinstall syscage (syscage install-native) or give --preload PATH",
             path, strerror(errno));
    do
        n = read(fd, &h, sizeof h);
    while (n < 0 && errno == EINTR);
    close(fd);
    if (n != (ssize_t)sizeof h || memcmp(h.e_ident, ELFMAG, SELFMAG) != 0 || h.e_type != ET_DYN)
        fail("the preload library %s is not an ELF shared library; reinstall syscage (syscage install-native)", path);
    if (h.e_ident[EI_CLASS] != __ehdr_start.e_ident[EI_CLASS] || h.e_ident[EI_DATA] != __ehdr_start.e_ident[EI_DATA]
        || h.e_machine != __ehdr_start.e_machine)
        fail("the preload library %s is built for another architecture (ELF machine %u, this launcher's is %u); use the libsyscage.so built with this syscage-exec",
             path, (unsigned)h.e_machine, (unsigned)__ehdr_start.e_machine);
}

static void write_report(const char *path, uint32_t ses, int has_ses)
{
    char line[64];
    int len = has_ses ? snprintf(line, sizeof line, "ses=%u pid=%ld\n", ses, (long)getpid())
                      : snprintf(line, sizeof line, "pid=%ld\n", (long)getpid());
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);

    if (fd < 0)
        fail("cannot create the report file %s: %s; give a writable path", path, strerror(errno));
    if (write(fd, line, (size_t)len) != len)
        fail("cannot write the report file %s: %s; give a writable path", path, strerror(errno));
    if (close(fd) != 0)
        fail("cannot write the report file %s: %s; give a writable path", path, strerror(errno));
}

/* --report when enforcing: a new audit session if the kernel gives one, so
 * syscage can name the refusals of every process of the run.  Enforcement
 * needs none: with a set login uid and no CAP_AUDIT_CONTROL, or an immutable
 * one, the report names no session and the run goes on. */
static void report_enforcing(const char *path)
{
    int renewed, fd = audit_session_try_start(audit_session_auid(), &renewed);

    if (fd >= 0)
        close(fd);
    write_report(path, renewed ? audit_session_id() : 0, renewed);
}

static void parse_action(const char *text, struct action *action)
{
    if (action_parse(text ? text : "kill", action) != 0)
        fail("--action %s is not an action; use " ACTION_CHOICES, text);
}

/* --nudge: one marker record, nothing else. */
__attribute__((noreturn))
static void nudge(int argc, const char *text)
{
    uint32_t token;

    if (argc != 3)
        fail("--nudge takes no other options or command; " USAGE);
    if (marker_parse_token(text, &token) != 0)
        fail("--nudge %s is not a token; use a decimal number from 0 to %u", text, MARKER_TOKEN_MAX);
    filter_install_log_all();
    marker_call(MARKER_NUDGE, token);
    _exit(0);
}

/* --export-bpf: the init ∪ main filter that --policy would install, as the
 * raw BPF program on stdout; nothing is installed or run. */
__attribute__((noreturn))
static void export_bpf(const struct options *o)
{
    struct action action;

    if (o->policy == NULL || o->cmd != NULL || o->profile || o->report || o->preload || o->no_preload ||
        o->die_with_parent)
        fail("--export-bpf takes --policy FILE and --action ACTION only; " USAGE);
    parse_action(o->action, &action);
    policy_load(o->policy, &rules);
    {
        struct filter_plan plan = filter_plan_launcher(&rules, action.scmp);

        filter_export_bpf(&plan, STDOUT_FILENO);
    }
    exit(0);
}

/* --mark-end: the two END markers of the key read from stdin (one decimal
 * line).  The key never appears in argv, which every user can read in
 * /proc/PID/cmdline; syscage writes it once it knows this process's pid. */
__attribute__((noreturn))
static void mark_end(int argc)
{
    char line[32];
    size_t len = 0;
    uint64_t key;

    if (argc != 2)
        fail("--mark-end takes no other options or command; " USAGE);
    while (len < sizeof line - 1) {
        ssize_t r = read(STDIN_FILENO, line + len, sizeof line - 1 - len);

        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            break;
        len += (size_t)r;
        if (line[len - 1] == '\n')
            break;
    }
    line[len] = '\0';
    if (len > 0 && line[len - 1] == '\n')
        line[--len] = '\0';
    if (marker_parse_key(line, &key) != 0)
        fail("--mark-end reads the end key from stdin, a decimal number from 0 to %llu; got \"%s\"",
             MARKER_KEY_MAX, line);
    filter_install_log_all();
    marker_call_key(MARKER_END, key);
    _exit(0);
}

/* SYSCAGE_END_KEY, which syscage passes to --profile: read, then removed from
 * the environment so that the target never sees it. */
static uint64_t take_end_key(void)
{
    const char *text = getenv("SYSCAGE_END_KEY");
    uint64_t key;

    if (text == NULL || marker_parse_key(text, &key) != 0)
        fail("SYSCAGE_END_KEY=%s is not an end key; --profile needs it, a decimal number from 0 to %llu (syscage sets it)",
             text ? text : "(unset)", MARKER_KEY_MAX);
    return key;
}

/* The target gets SIGKILL when the process that started the launcher
 * dies (syscage crashed or was killed): a profiling or enforcing run never
 * outlives the syscage that watches it.  PARENT is the parent at start:
 * if it died before prctl(), nobody would send the signal. */
static void die_with_parent(pid_t parent)
{
    if (prctl(PR_SET_PDEATHSIG, SIGKILL) != 0)
        fail("cannot ask for a parent-death signal: %s; run without --die-with-parent", strerror(errno));
    if (getppid() != parent)
        fail("the process that started syscage-exec has exited; not starting the target");
}

int main(int argc, char **argv)
{
    static char target[PATH_MAX];
    pid_t parent = getppid();
    struct options o;
    struct action action;
    uint32_t token = 0;
    uint64_t end_key = 0;
    int profiling;

    parse_options(argc, argv, &o);
    if (o.mark_end)
        mark_end(argc);
    if (o.nudge != NULL)
        nudge(argc, o.nudge);
    if (o.export_bpf)
        export_bpf(&o);
    if (o.guard != NULL) {
        if (argc != 3)
            fail("--guard takes no other options or command; " USAGE);
        guard_run(o.guard);
    }

    if (o.cmd == NULL)
        usage_error("no command to run", NULL);
    if (o.policy == NULL)
        usage_error("no policy; give --policy FILE", NULL);
    if (o.no_preload && o.preload != NULL)
        usage_error("--preload and --no-preload exclude each other", NULL);
    parse_action(o.action, &action);
    profiling = o.profile != NULL;
    if (profiling && marker_parse_token(o.profile, &token) != 0)
        fail("--profile %s is not a token; use a decimal number from 0 to %u",
             o.profile, MARKER_TOKEN_MAX);

    if (o.die_with_parent)
        die_with_parent(parent);

    /* Everything that can fail, allocates or reads happens first. */
    if (profiling)
        end_key = take_end_key();
    set_env("SYSCAGE_END_KEY", NULL);
    /* The resolved path: the policy's checks look at the directories the file really lies in, and the
     * preload, which cannot follow links under the filter, gets a path without any. */
    o.policy = resolved("policy", o.policy);
    policy_load(o.policy, &rules);
    target_resolve(o.cmd[0], target, sizeof target);

    set_env("SYSCAGE_POLICY", o.policy);
    set_env("SYSCAGE_ACTION", action.name);
    if (profiling) {
        char text[16];

        snprintf(text, sizeof text, "%u", token);
        set_env("SYSCAGE_PROFILE", text);
    } else {
        set_env("SYSCAGE_PROFILE", NULL);
    }
    set_env("SYSCAGE_AUID", NULL);
    if (!o.no_preload) {
        char *preload = o.preload ? absolute("preload", o.preload) : default_preload();

        check_preload(preload);
        put_preload(preload);
    }

    if (profiling) {
        uint32_t auid = audit_session_auid();
        char text[16];

        snprintf(text, sizeof text, "%u", auid);
        set_env("SYSCAGE_AUID", text);
        audit_session_start(auid);
        if (o.report != NULL)
            write_report(o.report, audit_session_id(), 1);
    } else if (o.report != NULL) {
        report_enforcing(o.report);
    }

    if (profiling) {
        /* The stamp tells the preload that SYSCAGE_PROFILE is this launcher's,
         * not inherited.  Installed before the logging filter, so its own
         * seccomp(2) is not logged; it needs no_new_privs, which that filter
         * sets anyway. */
        if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0)
            fail("cannot set no_new_privs: %s; the kernel needs seccomp support", strerror(errno));
        stamp_profiling_install(token);
    }
    {
        /* Profiling logs what the policy does not list (an empty policy: every
         * call; a base policy: only what is new against it), enforcing refuses it. */
        struct filter_plan plan = filter_plan_launcher(&rules, profiling ? SCMP_ACT_LOG : action.scmp);

        filter_install(&plan);
    }
    if (profiling) {
        marker_call(MARKER_START, token);
        /* The key that authenticates the run's END markers, announced from the
         * START marker's process and session, which no other process has. */
        marker_call_key(MARKER_KEY, end_key);
    }
    /* From here on only execve: the policy allows init ∪ main. */
    execve(target, o.cmd, environ);
    target_exec_failed(target, errno);
}
