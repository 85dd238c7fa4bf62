#ifndef SYSCAGE_LOADED_H
#define SYSCAGE_LOADED_H

/* SYSCAGE_LOADED=FILE (README "libsyscage.so"): append this process's pid
 * to FILE, then remove the variable.  Nothing when it is unset. */
void loaded_report(void);

#endif
