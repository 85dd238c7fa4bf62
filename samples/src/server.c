/* server: a server-like program with a distinct start-up and steady state.
 *
 * Start-up: read a key=value config file (argv[1], default: server.conf
 * next to the binary), open a TCP listening socket on 127.0.0.1, port 0.
 * Steady state: `rounds` iterations of connect-to-self, accept, send the
 * greeting, receive it, close.  Every wait uses poll() with a timeout, so
 * the program can never hang.  Output contains no ports, pids or times. */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <limits.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define TIMEOUT_MS 5000
#define MAX_ROUNDS 1000
#define MAX_GREETING 256

struct config {
    char greeting[MAX_GREETING];
    int rounds;
};

static void trim(char *s)
{
    size_t n = strlen(s);
    size_t start = 0;

    while (n > 0 && (s[n - 1] == '\n' || s[n - 1] == '\r'
                     || s[n - 1] == ' ' || s[n - 1] == '\t'))
        s[--n] = '\0';
    while (s[start] == ' ' || s[start] == '\t')
        start++;
    if (start > 0)
        memmove(s, s + start, n - start + 1);
}

static int default_config_path(char *out, size_t outlen)
{
    char self[PATH_MAX];
    ssize_t len = readlink("/proc/self/exe", self, sizeof self - 1);
    char *slash;

    if (len < 0) {
        perror("server: readlink /proc/self/exe");
        return -1;
    }
    self[len] = '\0';
    slash = strrchr(self, '/');
    if (slash == NULL) {
        fprintf(stderr, "server: unexpected executable path '%s'\n", self);
        return -1;
    }
    *slash = '\0';
    if (snprintf(out, outlen, "%s/server.conf", self) >= (int)outlen) {
        fprintf(stderr, "server: config path too long\n");
        return -1;
    }
    return 0;
}

static int load_config(const char *path, struct config *cfg)
{
    FILE *f = fopen(path, "re");
    char line[512];
    int lineno = 0;

    if (f == NULL) {
        fprintf(stderr, "server: cannot open config %s: %s\n",
                path, strerror(errno));
        return -1;
    }
    while (fgets(line, sizeof line, f) != NULL) {
        char *eq, *key, *val;

        lineno++;
        trim(line);
        if (line[0] == '\0' || line[0] == '#')
            continue;
        eq = strchr(line, '=');
        if (eq == NULL) {
            fprintf(stderr, "server: %s:%d: expected key=value\n",
                    path, lineno);
            fclose(f);
            return -1;
        }
        *eq = '\0';
        key = line;
        val = eq + 1;
        trim(key);
        trim(val);
        if (strcmp(key, "greeting") == 0) {
            size_t n = strlen(val);
            if (n == 0 || n >= sizeof cfg->greeting) {
                fprintf(stderr, "server: %s:%d: greeting must be 1..%d"
                        " bytes\n", path, lineno, MAX_GREETING - 1);
                fclose(f);
                return -1;
            }
            memcpy(cfg->greeting, val, n + 1);
        } else if (strcmp(key, "rounds") == 0) {
            char *end;
            long r;
            errno = 0;
            r = strtol(val, &end, 10);
            if (errno != 0 || end == val || *end != '\0'
                || r < 1 || r > MAX_ROUNDS) {
                fprintf(stderr, "server: %s:%d: rounds must be 1..%d\n",
                        path, lineno, MAX_ROUNDS);
                fclose(f);
                return -1;
            }
            cfg->rounds = (int)r;
        } else {
            fprintf(stderr, "server: %s:%d: unknown key '%s'\n",
                    path, lineno, key);
            fclose(f);
            return -1;
        }
    }
    if (ferror(f)) {
        fprintf(stderr, "server: error reading %s\n", path);
        fclose(f);
        return -1;
    }
    fclose(f);
    return 0;
}

/* Wait for `events` on fd; 0 on success, -1 on error/timeout. */
static int wait_fd(int fd, short events, const char *what)
{
    struct pollfd p = { .fd = fd, .events = events, .revents = 0 };
    int rc;

    do {
        rc = poll(&p, 1, TIMEOUT_MS);
    } while (rc < 0 && errno == EINTR);
    if (rc < 0) {
        fprintf(stderr, "server: poll (%s): %s\n", what, strerror(errno));
        return -1;
    }
    if (rc == 0) {
        fprintf(stderr, "server: timeout waiting for %s\n", what);
        return -1;
    }
    if ((p.revents & events) == 0) {
        fprintf(stderr, "server: poll (%s): revents=0x%x\n",
                what, (unsigned)p.revents);
        return -1;
    }
    return 0;
}

static int open_listener(struct sockaddr_in *addr)
{
    socklen_t alen = sizeof *addr;
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);

    if (fd < 0) {
        perror("server: socket");
        return -1;
    }
    memset(addr, 0, sizeof *addr);
    addr->sin_family = AF_INET;
    addr->sin_port = htons(0);
    addr->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (bind(fd, (struct sockaddr *)addr, sizeof *addr) != 0) {
        perror("server: bind 127.0.0.1:0");
        close(fd);
        return -1;
    }
    if (listen(fd, 8) != 0) {
        perror("server: listen");
        close(fd);
        return -1;
    }
    if (getsockname(fd, (struct sockaddr *)addr, &alen) != 0) {
        perror("server: getsockname");
        close(fd);
        return -1;
    }
    return fd;
}

static int do_round(int lfd, const struct sockaddr_in *addr,
                    const char *greeting, char *got, size_t gotsize,
                    size_t *gotlen)
{
    int cfd, sfd = -1, err = 0, ret = -1;
    socklen_t elen = sizeof err;
    size_t glen = strlen(greeting), sent = 0, recvd = 0;

    cfd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    if (cfd < 0) {
        perror("server: socket (client)");
        return -1;
    }
    if (connect(cfd, (const struct sockaddr *)addr, sizeof *addr) != 0) {
        if (errno != EINPROGRESS) {
            perror("server: connect");
            goto out;
        }
        if (wait_fd(cfd, POLLOUT, "connect") != 0)
            goto out;
        if (getsockopt(cfd, SOL_SOCKET, SO_ERROR, &err, &elen) != 0) {
            perror("server: getsockopt SO_ERROR");
            goto out;
        }
        if (err != 0) {
            fprintf(stderr, "server: connect: %s\n", strerror(err));
            goto out;
        }
    }

    if (wait_fd(lfd, POLLIN, "accept") != 0)
        goto out;
    do {
        sfd = accept4(lfd, NULL, NULL, SOCK_CLOEXEC | SOCK_NONBLOCK);
    } while (sfd < 0 && errno == EINTR);
    if (sfd < 0) {
        perror("server: accept4");
        goto out;
    }

    while (sent < glen) {
        ssize_t n;
        if (wait_fd(sfd, POLLOUT, "send") != 0)
            goto out;
        n = send(sfd, greeting + sent, glen - sent, MSG_NOSIGNAL);
        if (n < 0) {
            if (errno == EINTR || errno == EAGAIN)
                continue;
            perror("server: send");
            goto out;
        }
        sent += (size_t)n;
    }
    if (shutdown(sfd, SHUT_WR) != 0) {
        perror("server: shutdown");
        goto out;
    }

    for (;;) {
        ssize_t n;
        if (recvd >= gotsize - 1) {
            fprintf(stderr, "server: reply too long\n");
            goto out;
        }
        if (wait_fd(cfd, POLLIN, "recv") != 0)
            goto out;
        n = recv(cfd, got + recvd, gotsize - 1 - recvd, 0);
        if (n < 0) {
            if (errno == EINTR || errno == EAGAIN)
                continue;
            perror("server: recv");
            goto out;
        }
        if (n == 0)
            break;
        recvd += (size_t)n;
    }
    got[recvd] = '\0';
    *gotlen = recvd;
    ret = 0;
out:
    if (sfd >= 0 && close(sfd) != 0) {
        perror("server: close (server side)");
        ret = -1;
    }
    if (close(cfd) != 0) {
        perror("server: close (client side)");
        ret = -1;
    }
    return ret;
}

int main(int argc, char **argv)
{
    struct config cfg = { .greeting = "hello", .rounds = 3 };
    char pathbuf[PATH_MAX + 16];
    const char *path;
    struct sockaddr_in addr;
    int lfd, ok = 0;

    if (argc > 2) {
        fprintf(stderr, "usage: %s [config-file]\n", argv[0]);
        return 2;
    }
    if (argc == 2) {
        path = argv[1];
    } else {
        if (default_config_path(pathbuf, sizeof pathbuf) != 0)
            return EXIT_FAILURE;
        path = pathbuf;
    }
    if (load_config(path, &cfg) != 0)
        return EXIT_FAILURE;

    lfd = open_listener(&addr);
    if (lfd < 0)
        return EXIT_FAILURE;
    if (printf("server: listening on 127.0.0.1, greeting='%s', rounds=%d\n",
               cfg.greeting, cfg.rounds) < 0 || fflush(stdout) == EOF) {
        perror("server: write");
        close(lfd);
        return EXIT_FAILURE;
    }

    for (int r = 1; r <= cfg.rounds; r++) {
        char got[MAX_GREETING + 1];
        size_t gotlen = 0;

        if (do_round(lfd, &addr, cfg.greeting, got, sizeof got, &gotlen)
            != 0) {
            fprintf(stderr, "server: round %d failed\n", r);
            break;
        }
        if (strcmp(got, cfg.greeting) != 0) {
            fprintf(stderr, "server: round %d: got '%s', expected '%s'\n",
                    r, got, cfg.greeting);
            break;
        }
        if (printf("round %d: received '%s' (%zu bytes)\n",
                   r, got, gotlen) < 0 || fflush(stdout) == EOF) {
            perror("server: write");
            break;
        }
        ok++;
    }
    if (close(lfd) != 0) {
        perror("server: close (listener)");
        return EXIT_FAILURE;
    }
    if (ok != cfg.rounds) {
        fprintf(stderr, "server: only %d of %d rounds succeeded\n",
                ok, cfg.rounds);
        return EXIT_FAILURE;
    }
    if (printf("server: %d rounds ok\n", ok) < 0 || fflush(stdout) == EOF) {
        perror("server: write");
        return EXIT_FAILURE;
    }
    return EXIT_SUCCESS;
}
