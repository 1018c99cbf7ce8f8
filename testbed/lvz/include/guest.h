/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Running guest code (lib/guest.c, lib/trap.c) and touching the root TLB
 * (lib/tlb.c).
 *
 * A "guest" here is an ordinary C function of the test image, entered in
 * guest mode with the guest CSR file set up by lvz_vm_reset(): guest CRMD =
 * DA (PLV0, IE = 0), so guest VA = guest PA, and a stage-2 entry of the
 * current GID maps GPA [0, 32M) to the same host addresses (lvz.md section
 * 7), which covers the image. The guest function gets one argument in a0;
 * returning from it executes "hvcl LVZ_HVC_DONE" with the return value in
 * a0.
 *
 * Every exit (an exception routed to root, lvz.md section 6) is recorded
 * in run->exit. Without an on_exit callback the first exit ends the run;
 * the callback may instead resume the guest (after changing run->exit.era
 * or the saved registers, e.g. to emulate an instruction).
 */
#ifndef LVZ_GUEST_H
#define LVZ_GUEST_H

#include "csr.h"
#include "lvz.h"

/* hvcl codes used by the library; tests use codes below 0x100. */
#define LVZ_HVC_DONE	0x7f00	/* the guest function returned */
#define LVZ_HVC_GTRAP	0x7f01	/* a guest exception nobody handled */

#define LVZ_IDENTITY_SIZE	0x2000000UL	/* GPA = HPA for [0, 32M) */
#define LVZ_PHYS(p)	((unsigned long)(p) & 0xffffffffffffUL)
/*
 * Root runs with paging on and two direct-map windows (lib/runner.c), as
 * a hypervisor does: 0x9000... cached (the image, host RAM) and 0x8000...
 * uncached (devices). LVZ_HVA() is how root code reaches host RAM.
 */
#define LVZ_HVA(pa)	((void *)(0x9000000000000000UL | (unsigned long)(pa)))
#define LVZ_UC(pa)	((void *)(0x8000000000000000UL | (unsigned long)(pa)))

/* Registers are numbered as in the ISA: r[4] = a0, r[11] = a7. */
#define R_RA	1
#define R_SP	3
#define R_A0	4
#define R_A7	11

enum lvz_trap_kind { LVZ_TRAP_EXC, LVZ_TRAP_TLBR };

/* What the root saw when an exception reached it. */
struct lvz_exit {
	int kind;			/* LVZ_TRAP_EXC or LVZ_TRAP_TLBR */
	unsigned int ecode, esubcode;
	unsigned long estat, era, badv, badi, prmd, gstat;
	unsigned long tlbrbadv, tlbrera, tlbrehi, tlbrprmd;
	unsigned long r[32];		/* GPRs at the exception */
	int watchdog;			/* the library's root timer fired */
};

enum lvz_action { LVZ_STOP, LVZ_RESUME };

struct lvz_run {
	void *entry;			/* guest function */
	unsigned long arg;		/* its a0 */
	unsigned long prmd;		/* root PRMD at entry (PIE) */
	unsigned long watchdog;		/* root timer ticks; 0: default */
	enum lvz_action (*on_exit)(struct lvz_run *run, struct lvz_exit *e);
	void *priv;
	unsigned int nexits;
	struct lvz_exit exit;		/* the last exit */
};

#define LVZ_NO_WATCHDOG	(~0UL)

/* What the guest's own vectors saw (written in guest mode). */
struct lvz_gtrap {
	unsigned int count, tlbr_count;
	int kind;
	unsigned long estat, era, badv, badi, crmd, prmd;
	unsigned long tlbrbadv, tlbrera;
	unsigned long first_estat;
};

extern volatile struct lvz_gtrap lvz_gtrap;
/* Optional guest-mode handler: LVZ_RESUME returns by ertn. */
extern enum lvz_action (*volatile lvz_guest_hook)(unsigned long *regs, int kind);

/* Set up root LVZ state, the guest CSR file and stage 2 for @gid. */
void lvz_vm_reset(unsigned int gid);
/* Only switch GSTAT.GID (and add the identity map for @gid). */
void lvz_vm_set_gid(unsigned int gid);
/* Guest paging on (cached), with DMWIN1 keeping the 0x9000... image reachable. */
void lvz_guest_paging(void);

int lvz_run(struct lvz_run *run);
/* Addresses the library installs in guest EENTRY / TLBRENTRY. */
unsigned long lvz_guest_vector_addr(void);
/* Run @fn(arg) with defaults; returns the exit record. */
struct lvz_exit *lvz_run_guest(void *fn, unsigned long arg);

int lvz_exit_is_done(const struct lvz_exit *e);
int lvz_exit_is_hvc(const struct lvz_exit *e, unsigned int code);
/* Describe an exit for a FAIL line (static buffer). */
const char *lvz_exit_str(const struct lvz_exit *e);

/*
 * Fail the case unless @e is an exception exit with @ecode, describing
 * what was seen otherwise.
 */
#define EXPECT_EXIT(e, code) do {					\
	const struct lvz_exit *e_ = (e);				\
	if (e_->kind != LVZ_TRAP_EXC || e_->ecode != (code)) {		\
		lvz_fail("want exit ecode %d, saw %s", (int)(code),	\
			 lvz_exit_str(e_));				\
		return;							\
	}								\
} while (0)

#define EXPECT_DONE(e) do {						\
	const struct lvz_exit *e_ = (e);				\
	if (!lvz_exit_is_done(e_)) {					\
		lvz_fail("want the guest to finish, saw %s",		\
			 lvz_exit_str(e_));				\
		return;							\
	}								\
} while (0)

/*
 * Run @fn(arg) in root mode; returns 1 and fills @e if it raised an
 * exception (the function is abandoned), 0 otherwise.
 */
int lvz_try(void (*fn)(unsigned long), unsigned long arg, struct lvz_exit *e);

/* Guest-mode helpers. hvcl with @code in the instruction and in a7. */
#define guest_hvcl(code, val) ({					\
	register unsigned long a0_ __asm__("$a0") = (val);		\
	register unsigned long a7_ __asm__("$a7") = (code);		\
	__asm__ volatile(LVZ_ASM_DEFS "hvcl %2"				\
			 : "+r"(a0_) : "r"(a7_), "i"(code) : "memory");	\
	a0_;								\
})

/*
 * LVZ_INSN_FN(name, "insn"): an assembly function name(a0) that executes
 * the instruction(s) at the global label name_site and returns a0. Tests
 * run it as a guest (or in root) and compare ERA/BADI with the site and
 * the word stored there. Lines are separated by "\n".
 */
#define LVZ_INSN_FN(name, insn)						\
	__asm__(LVZ_ASM_DEFS						\
		".text\n"						\
		".balign 8\n"						\
		".globl " #name "\n"					\
		#name ":\n"						\
		".globl " #name "_site\n"				\
		#name "_site:\n"					\
		insn "\n"						\
		"jr $ra\n");						\
	extern char name[], name##_site[]

#define LVZ_SITE_WORD(name)	(*(volatile unsigned int *)name##_site)

/* Root TLB (lib/tlb.c). @index: 0..2047 STLB (PS 12), 2048.. MTLB. */
void lvz_tlb_write(unsigned int index, unsigned int gid, unsigned long va,
		   unsigned int ps, unsigned long lo0, unsigned long lo1);
/* Index of the root entry of @gid covering @va, or -1 (root tlbsrch). */
int lvz_tlb_search(unsigned int gid, unsigned long va);
/* Root tlbrd of @index: fills TLBEHI/TLBELO*, returns TLBIDX; TRGP in @trgp. */
unsigned long lvz_tlb_read(unsigned int index, unsigned long *trgp);
/* STLB index for a 4K-page entry covering @va in @way. */
unsigned int lvz_stlb_index(unsigned long va, unsigned int way);
/*
 * Map the 4K page @gpa of @gid to @hpa with TLBELO @flags (V, D, NX...)
 * in STLB way @way; the other page of the pair stays invalid.
 */
void lvz_s2_map(unsigned int gid, unsigned long gpa, unsigned long hpa,
		unsigned long flags, unsigned int way);
void lvz_s2_identity(unsigned int gid);
/* invtlb @op, rj = @info, rk = @addr */
#define lvz_invtlb(op, info, addr)					\
	__asm__ volatile("invtlb %0, %1, %2"				\
			 :: "i"(op), "r"((unsigned long)(info)),	\
			    "r"((unsigned long)(addr)) : "memory")

#endif /* LVZ_GUEST_H */
