package dev.syscage.syscalls;

import com.sun.jna.Library;
import com.sun.jna.Pointer;

/** The few libseccomp functions syscage needs for naming (seccomp.h); JNA interface mapping. */
interface Libseccomp extends Library {
    /** Returns a malloc'ed string the caller must free(), or NULL when the number is unknown. */
    Pointer seccomp_syscall_resolve_num_arch(int archToken, int num);

    /** Returns the number, -1 (__NR_SCMP_ERROR) if unknown, or a pseudo number (<= -100). */
    int seccomp_syscall_resolve_name_arch(int archToken, String name);

    /** Returns a pointer to a static struct scmp_version { unsigned major, minor, micro; }. */
    Pointer seccomp_version();
}
