/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The case framework. A test program is one tests/NAME.c that defines its
 * cases with LVZ_TEST(); lib/runner.c runs them in order and prints, per
 * case, exactly one line
 *
 *   RESULT lvz/<test>/<case> PASS
 *   RESULT lvz/<test>/<case> FAIL <what was seen and what was expected>
 *   RESULT lvz/<test>/<case> SKIP <why>
 *
 * then "TESTBED: done" and powers the machine off. A case fails at its
 * first failed EXPECT*(), which records the reason and returns from the
 * case function. An exception nobody expected also fails the case (naming
 * ECODE/ERA/BADV) and the runner goes on with the next one.
 */
#ifndef LVZ_TEST_H
#define LVZ_TEST_H

#include <stdarg.h>

struct lvz_case {
	const char *name;
	void (*fn)(void);
};

extern const char lvz_test_name[];
extern const struct lvz_case lvz_cases[];

#define LVZ_CASE(fn)	{ #fn, fn }
#define LVZ_TEST(name, ...)						\
	const char lvz_test_name[] = name;				\
	const struct lvz_case lvz_cases[] = { __VA_ARGS__, { 0, 0 } }

/* Set at start-up from CPUCFG2.LVZP. */
extern int lvz_present;

void lvz_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void lvz_skip(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int lvz_failed(void);
/* Fail the current case now and go on with the next one. */
void lvz_abort_case(const char *why) __attribute__((noreturn));

#define EXPECT(cond, ...) do {						\
	if (!(cond)) {							\
		lvz_fail(__VA_ARGS__);					\
		return;							\
	}								\
} while (0)

#define EXPECT_EQ(what, seen, want) do {				\
	unsigned long s_ = (seen), w_ = (want);				\
	if (s_ != w_) {							\
		lvz_fail("%s: saw 0x%lx, want 0x%lx", what, s_, w_);	\
		return;							\
	}								\
} while (0)

/* Console and platform (lib/console.c, lib/runner.c). */
void lvz_putc(char c);
void lvz_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int lvz_vsnprintf(char *buf, unsigned long size, const char *fmt, va_list ap);
int lvz_snprintf(char *buf, unsigned long size, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void lvz_poweroff(void) __attribute__((noreturn));
void *memset(void *s, int c, unsigned long n);
void *memcpy(void *d, const void *s, unsigned long n);

/* Busy-wait @ticks of the stable counter (root mode). */
void lvz_delay(unsigned long ticks);

/*
 * Stable counter ticks per second in the testbed (CPUCFG4 = 100 MHz), and
 * how long a test waits for something that runs on host time, such as a
 * timer line that QEMU raises from its main loop: long enough for a host
 * loaded with other work. Tests wait for the condition itself and stop
 * waiting as soon as it holds.
 */
#define LVZ_TICKS_PER_SEC	100000000UL
#define LVZ_PATIENCE		(10 * LVZ_TICKS_PER_SEC)

#endif /* LVZ_TEST_H */
