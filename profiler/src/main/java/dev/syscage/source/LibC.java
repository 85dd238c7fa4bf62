package dev.syscage.source;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;

/** The few libc calls syscage needs, direct-mapped (JNA's fastest binding) for the receive loop. */
public final class LibC {
    public static final int AF_NETLINK = 16;
    public static final int SOCK_RAW = 3;
    public static final int SOCK_CLOEXEC = 0x80000;
    public static final int NETLINK_AUDIT = 9;
    public static final int SOL_SOCKET = 1;
    public static final int SO_RCVBUF = 8;
    public static final int SO_RCVTIMEO = 20;
    public static final int SO_RCVBUFFORCE = 33;
    public static final int SO_MEMINFO = 55;
    public static final int EAGAIN = 11;
    public static final int EINTR = 4;
    public static final int EPERM = 1;
    public static final int EACCES = 13;
    public static final int ENOBUFS = 105;
    public static final int EPROTONOSUPPORT = 93;
    public static final int EPIPE = 32;
    public static final int EINVAL = 22;
    public static final int O_RDONLY = 0;
    public static final int O_NONBLOCK = 04000;
    public static final int O_CLOEXEC = 02000000;
    public static final int SEEK_END = 2;
    public static final short POLLIN = 1;
    public static final int PRIO_PROCESS = 0;
    public static final int MSG_WAITFORONE = 0x10000;
    public static final int PR_SET_CHILD_SUBREAPER = 36;
    public static final int WNOHANG = 1;
    public static final int PR_SET_DUMPABLE = 4;
    public static final int PR_GET_DUMPABLE = 3;
    public static final int ENODATA = 61;
    public static final int ENOTSUP = 95;

    static {
        // By soname: "c" sends JNA through `ldconfig -p` (a process) to find it, at every start-up.
        Native.register(NativeLibrary.getInstance(Platform.C_LIBRARY_NAME));
    }

    private LibC() {
    }

    public static native int socket(int domain, int type, int protocol) throws LastErrorException;

    public static native int bind(int fd, Pointer address, int length) throws LastErrorException;

    public static native int setsockopt(int fd, int level, int name, Pointer value, int length)
            throws LastErrorException;

    public static native long recv(int fd, Pointer buffer, long length, int flags) throws LastErrorException;

    public static native int getsockopt(int fd, int level, int name, Pointer value, Pointer length)
            throws LastErrorException;

    /** {@code struct mmsghdr} is 64 bytes on LP64 (x86_64, aarch64): msghdr (56) + msg_len + padding. */
    public static native int recvmmsg(int fd, Pointer vector, int length, int flags, Pointer timeout)
            throws LastErrorException;

    public static native long sendto(int fd, Pointer buffer, long length, int flags, Pointer address, int addressLength)
            throws LastErrorException;

    public static native int open(String path, int flags) throws LastErrorException;

    public static native long read(int fd, Pointer buffer, long count) throws LastErrorException;

    public static native long lseek(int fd, long offset, int whence) throws LastErrorException;

    /** One {@code struct pollfd} (int fd; short events; short revents) is 8 bytes at {@code fds}. */
    public static native int poll(Pointer fds, long count, int timeoutMillis) throws LastErrorException;

    public static native int gettid();

    public static native int setpriority(int which, int who, int priority) throws LastErrorException;

    public static native int close(int fd);

    public static native int isatty(int fd);

    public static native int tcgetpgrp(int fd);

    public static native int getpgrp();

    public static native int kill(int pid, int signal);

    public static native int prctl(int option, long arg2, long arg3, long arg4, long arg5);

    public static native int waitpid(int pid, Pointer status, int options);

    public static native int geteuid();

    public static native int getegid();

    /** {@code value} null and {@code size} 0: the size of the attribute's value. */
    public static native long getxattr(String path, String name, Pointer value, long size) throws LastErrorException;
}
