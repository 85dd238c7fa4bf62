/* Starting a new audit session by writing /proc/self/loginuid. */
#ifndef SYSCAGE_AUDIT_SESSION_H
#define SYSCAGE_AUDIT_SESSION_H

#include <stdint.h>

#define AUDIT_UID_UNSET 4294967295u

/* The login uid to write: the current one if set, else the real uid. */
uint32_t audit_session_auid(void);

/* Write AUID to /proc/self/loginuid, giving this thread a fresh audit
 * session id.  Failure ends the process with status 125. */
void audit_session_start(uint32_t auid);

/* The audit session id of this thread (/proc/self/sessionid).  Failure
 * ends the process with status 125. */
uint32_t audit_session_id(void);

/* Parse a decimal uid (0 ... 4294967294).  Returns 0 or -1. */
int audit_parse_uid(const char *text, uint32_t *uid);

/* The preload's step 2: open /proc/self/loginuid and write AUID.
 * Returns the open descriptor (or -1 if it could not be opened); a failed
 * write is ignored, as the contract allows (the session stays).  *RENEWED
 * tells whether the write gave the thread a new session. */
int audit_session_try_start(uint32_t auid, int *renewed);

#endif
