// SPDX-License-Identifier: GPL-2.0
/*
 * lvz.md sections 3 and 6: entering the guest with ertn (GSTAT.PVM = 1)
 * and leaving it with hvcl; hvcl in root mode (decision in the brief).
 */
#include "guest.h"
#include "test.h"

#define CODE	0x123

/* a0 += 1; a7 = CODE; hvcl CODE */
LVZ_INSN_FN(hvcl_fn, "addi.d $a0, $a0, 1\n li.w $a7, 0x123\n"
	    ".globl hvcl_at\n hvcl_at: hvcl 0x123");
extern char hvcl_at[];

/* Section 6: hvcl exits with Ecode 23, ERA = the hvcl itself, BADI = it. */
static void exit_on_hvcl(void)
{
	struct lvz_exit *e;

	lvz_vm_reset(1);
	e = lvz_run_guest(hvcl_fn, 0x41);
	EXPECT_EXIT(e, ECODE_HVC);
	EXPECT_EQ("ESUBCODE", e->esubcode, 0);
	EXPECT_EQ("ERA (the hvcl)", e->era, (unsigned long)hvcl_at);
	EXPECT_EQ("BADI (the hvcl word)", e->badi, LVZ_HVCL_WORD(CODE));
	EXPECT_EQ("guest a0 at the exit", e->r[R_A0], 0x42);
}

/* Section 3: an exit sets GSTAT.PVM, clears GSTAT.VM; PRMD gets root PLV/IE. */
static void exit_state(void)
{
	struct lvz_exit *e;

	lvz_vm_reset(5);
	e = lvz_run_guest(hvcl_fn, 0);
	EXPECT_EXIT(e, ECODE_HVC);
	EXPECT_EQ("GSTAT.PVM at the exit", e->gstat & GSTAT_PVM, GSTAT_PVM);
	EXPECT_EQ("GSTAT.VM in the root handler", e->gstat & GSTAT_VM, 0);
	EXPECT_EQ("GSTAT.GID", (e->gstat & GSTAT_GID_MASK) >> GSTAT_GID_SHIFT, 5);
	EXPECT_EQ("PRMD.PPLV (root was PLV0)", e->prmd & 3, 0);
	EXPECT_EQ("PRMD.PIE (root IE was on for the watchdog)",
		  e->prmd & PRMD_PIE, PRMD_PIE);
	EXPECT_EQ("GSTAT.PVM after the library cleared it",
		  csr_read(CSR_GSTAT) & (GSTAT_PVM | GSTAT_VM), 0);
}

static enum lvz_action resume_after_hvcl(struct lvz_run *run,
					 struct lvz_exit *e)
{
	(void)run;
	if (!lvz_exit_is_hvc(e, CODE))
		return LVZ_STOP;
	e->r[R_A0] = 0x5a5a;
	e->era += 4;
	return LVZ_RESUME;
}

/*
 * Section 3: PVM stays 1 after an exit, so the root handler's ertn goes
 * back into the guest, after the hvcl, with the registers root left.
 */
static void resume_guest(void)
{
	struct lvz_run run = {
		.entry = hvcl_fn,
		.arg = 7,
		.on_exit = resume_after_hvcl,
	};

	lvz_vm_reset(1);
	lvz_run(&run);
	EXPECT_DONE(&run.exit);
	EXPECT_EQ("exits (hvcl, then the return)", run.nexits, 2);
	EXPECT_EQ("guest's result (a0 written by root)", run.exit.r[R_A0],
		  0x5a5a);
}

/* Decision in the brief: hvcl in root mode raises HVC to root, ERA = hvcl. */
static void hvcl_in_root(void)
{
	struct lvz_exit e;

	lvz_vm_reset(1);
	EXPECT(lvz_try((void (*)(unsigned long))hvcl_fn, 0, &e),
	       "hvcl in root raised nothing");
	EXPECT_EQ("ECODE", e.ecode, ECODE_HVC);
	EXPECT_EQ("ERA (the hvcl)", e.era, (unsigned long)hvcl_at);
	EXPECT_EQ("BADI", e.badi, LVZ_HVCL_WORD(CODE));
	EXPECT_EQ("GSTAT.PVM (taken from root)", e.gstat & GSTAT_PVM, 0);
}

LVZ_TEST("hvcl",
	 LVZ_CASE(exit_on_hvcl),
	 LVZ_CASE(exit_state),
	 LVZ_CASE(resume_guest),
	 LVZ_CASE(hvcl_in_root));
