/*
 * banned.h: libc calls clout does not use, made compile errors (git's banned.h). Every source file
 * includes it after its other includes.
 *
 *   strcpy, strcat         no bound: use snprintf or clout_buf
 *   sprintf, vsprintf      no bound: use snprintf, vsnprintf
 *   strtok                 hidden global state: use strcspn/strspn, or strtok_r
 *   gmtime, localtime,     a shared static result: use gmtime_r, localtime_r
 *   asctime, ctime         the same, and a fixed English format: use strftime
 */
#ifndef CLOUT_UTIL_BANNED_H
#define CLOUT_UTIL_BANNED_H

#define BANNED(func) sorry_##func##_is_a_banned_function

#undef strcpy
#define strcpy(x, y) BANNED(strcpy)
#undef strcat
#define strcat(x, y) BANNED(strcat)
#undef sprintf
#define sprintf(...) BANNED(sprintf)
#undef vsprintf
#define vsprintf(...) BANNED(vsprintf)
#undef strtok
#define strtok(x, y) BANNED(strtok)
#undef gmtime
#define gmtime(t) BANNED(gmtime)
#undef localtime
#define localtime(t) BANNED(localtime)
#undef asctime
#define asctime(t) BANNED(asctime)
#undef ctime
#define ctime(t) BANNED(ctime)

#endif
