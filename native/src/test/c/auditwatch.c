/* Prints the kernel's seccomp audit records (type 1326) as they arrive on
 * the audit netlink multicast group, one a line, until it sees the record
 * of system call number END (argv[1]); then exits 0.  Prints "ready" once
 * it listens.  Needs CAP_AUDIT_READ; exits 77 ("skip") if it cannot listen. */
#include <errno.h>
#include <linux/netlink.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define AUDIT_SECCOMP_RECORD 1326
#define AUDIT_NLGRP_READLOG_GROUP 1

int main(int argc, char **argv)
{
    static char buf[1 << 16];
    char needle[64];
    struct sockaddr_nl addr;
    int fd, size = 8 << 20;

    if (argc != 2) {
        fprintf(stderr, "usage: auditwatch END_SYSCALL_NUMBER\n");
        return 2;
    }
    snprintf(needle, sizeof needle, " syscall=%s ", argv[1]);
    fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_AUDIT);
    if (fd < 0) {
        perror("auditwatch: socket");
        return 77;
    }
    setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &size, sizeof size);
    memset(&addr, 0, sizeof addr);
    addr.nl_family = AF_NETLINK;
    addr.nl_groups = AUDIT_NLGRP_READLOG_GROUP;
    if (bind(fd, (struct sockaddr *)&addr, sizeof addr) != 0) {
        perror("auditwatch: bind");
        return 77;
    }
    printf("ready\n");
    fflush(stdout);
    for (;;) {
        ssize_t n = recv(fd, buf, sizeof buf - 1, 0);
        struct nlmsghdr *h = (struct nlmsghdr *)buf;

        if (n < 0 && (errno == EINTR || errno == ENOBUFS)) {
            if (errno == ENOBUFS)
                fprintf(stderr, "auditwatch: records were lost (ENOBUFS)\n");
            continue;
        }
        if (n < (ssize_t)NLMSG_HDRLEN) {
            perror("auditwatch: recv");
            return 1;
        }
        if (h->nlmsg_type != AUDIT_SECCOMP_RECORD)
            continue;
        {
            size_t len = h->nlmsg_len <= (size_t)n ? h->nlmsg_len : (size_t)n;
            char *text = buf + NLMSG_HDRLEN;

            len -= NLMSG_HDRLEN;
            text[len] = '\0';
            while (len && (text[len - 1] == '\n' || text[len - 1] == '\0'))
                text[--len] = '\0';
            printf("%s\n", text);
            fflush(stdout);
            strcat(text, " ");
            if (strstr(text, needle) != NULL)
                return 0;
        }
    }
}
