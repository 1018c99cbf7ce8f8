/* SPDX-License-Identifier: GPL-2.0 */
/* State shared by the library files only. */
#ifndef LVZ_INTERNAL_H
#define LVZ_INTERNAL_H

#include "guest.h"

struct lvz_jmp {
	unsigned long ra, sp, fp, s[9];
};

int lvz_setjmp(struct lvz_jmp *j) __attribute__((returns_twice));
void lvz_longjmp(struct lvz_jmp *j, int v) __attribute__((noreturn));
void lvz_ertn_with(unsigned long *regs) __attribute__((noreturn));

/* Who gets the next exception that reaches root (lib/trap.c). */
struct lvz_trap_state {
	struct lvz_run *run;		/* a guest is running */
	int watchdog;			/* ... under the library's root timer */
	struct lvz_jmp run_jmp;
	struct lvz_exit *try_exit;	/* lvz_try() is armed */
	struct lvz_jmp try_jmp;
	struct lvz_jmp case_jmp;	/* the runner, for unexpected ones */
	int depth;
};

extern struct lvz_trap_state lvz_trap_state;
extern char lvz_root_vector[], lvz_root_tlbr_vector[];
extern char lvz_guest_vector[], lvz_guest_tlbr_vector[];
extern char lvz_guest_stack_top[];

/* Undo what an abandoned exception left: PVM, IsTLBR, the root timer. */
void lvz_trap_cleanup(int kind);

#endif /* LVZ_INTERNAL_H */
