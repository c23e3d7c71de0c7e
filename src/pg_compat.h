/*
 * pg_compat.h: the PostgreSQL API differences between the supported majors
 * (15 to 18), keyed on PG_VERSION_NUM, so that the rest of the glue has one
 * spelling.  Keep to what every supported major has; add a mapping here only
 * when a major renames or removes something.
 */
#ifndef PG_COMPAT_H
#define PG_COMPAT_H

#include "postgres.h"

#if PG_VERSION_NUM < 150000
#error "cx_metrics needs PostgreSQL 15 or later"
#endif

/*
 * A function that never returns, marked before its declaration:
 *     extern cx_noreturn void f(void);
 * 18 replaced pg_attribute_noreturn() (written after the declaration) with
 * pg_noreturn (C11 _Noreturn, written before it).  Before 18 the attribute is
 * GCC's __attribute__((noreturn)), which may stand before the declaration too.
 */
#if PG_VERSION_NUM >= 180000
#define cx_noreturn pg_noreturn
#else
#define cx_noreturn pg_attribute_noreturn()
#endif

#endif							/* PG_COMPAT_H */
