// SPDX-License-Identifier: GPL-2.0
/*
 * lvz.md section 6: guest instructions that exit with GSPR (Ecode 22),
 * ERA and BADI naming the instruction: cpucfg, iocsr*, idle, CSR ops on
 * non-HW CSRs (section 4), cacop per GCFG.GCI (section 5), guest TLB ops
 * with GTLBC.TOTI (section 2).
 */
#include "guest.h"
#include "test.h"

LVZ_INSN_FN(g_cpucfg, "cpucfg $a0, $a0");
LVZ_INSN_FN(g_iocsrrd_b, "iocsrrd.b $a0, $a0");
LVZ_INSN_FN(g_iocsrrd_h, "iocsrrd.h $a0, $a0");
LVZ_INSN_FN(g_iocsrrd_w, "iocsrrd.w $a0, $a0");
LVZ_INSN_FN(g_iocsrrd_d, "iocsrrd.d $a0, $a0");
LVZ_INSN_FN(g_iocsrwr_w, "iocsrwr.w $a0, $a0");
LVZ_INSN_FN(g_iocsrwr_d, "iocsrwr.d $a0, $a0");
LVZ_INSN_FN(g_idle, "idle 0");
LVZ_INSN_FN(g_rd_impctl1, "csrrd $a0, 0x80");
LVZ_INSN_FN(g_wr_prid, "csrwr $a0, 0xc0");
LVZ_INSN_FN(g_xchg_merrctl, "csrxchg $a0, $a0, 0x90");
LVZ_INSN_FN(g_rd_gstat, "csrrd $a0, 0x50");
LVZ_INSN_FN(g_rd_perf, "csrrd $a0, 0x200");
LVZ_INSN_FN(g_rd_unknown, "csrrd $a0, 0x7f0");
LVZ_INSN_FN(g_cacop_hit, "cacop 0x11, $a0, 0");
LVZ_INSN_FN(g_cacop_index, "cacop 0x09, $a0, 0");
LVZ_INSN_FN(g_cacop_init, "cacop 0x01, $a0, 0");
LVZ_INSN_FN(g_tlbsrch, "tlbsrch");

static unsigned long scratch[8];

/* Run @fn; it must exit with GSPR at @site with BADI = the word there. */
static int gspr_at(void *fn, void *site, unsigned long arg)
{
	struct lvz_exit *e = lvz_run_guest(fn, arg);
	unsigned int word = *(volatile unsigned int *)site;

	if (e->kind != LVZ_TRAP_EXC || e->ecode != ECODE_GSPR) {
		lvz_fail("want GSPR exit, saw %s", lvz_exit_str(e));
		return 0;
	}
	if (e->era != (unsigned long)site) {
		lvz_fail("ERA 0x%lx, want the instruction at 0x%lx", e->era,
			 (unsigned long)site);
		return 0;
	}
	if (e->badi != word) {
		lvz_fail("BADI 0x%lx, want the instruction word 0x%x", e->badi, word);
		return 0;
	}
	return 1;
}

static int no_exit(void *fn, unsigned long arg, const char *what)
{
	struct lvz_exit *e = lvz_run_guest(fn, arg);

	if (!lvz_exit_is_done(e)) {
		lvz_fail("%s: want no exit, saw %s", what, lvz_exit_str(e));
		return 0;
	}
	return 1;
}

#define GSPR(fn, arg)	do {						\
	if (!gspr_at(fn, fn##_site, arg))				\
		return;							\
} while (0)

#define NO_EXIT(fn, arg) do {						\
	if (!no_exit(fn, arg, #fn))					\
		return;							\
} while (0)

static void cpucfg_exits(void)
{
	lvz_vm_reset(1);
	GSPR(g_cpucfg, 2);
}

static enum lvz_action emulate_cpucfg(struct lvz_run *run, struct lvz_exit *e)
{
	(void)run;
	if (e->ecode != ECODE_GSPR)
		return LVZ_STOP;
	e->r[e->badi & 0x1f] = 0xc0ffee;	/* rd */
	e->era += 4;
	return LVZ_RESUME;
}

/* The GSPR exit carries enough (BADI) to emulate it and resume. */
static void cpucfg_emulated(void)
{
	struct lvz_run run = { .entry = g_cpucfg, .arg = 2, .on_exit = emulate_cpucfg };

	lvz_vm_reset(1);
	lvz_run(&run);
	EXPECT_DONE(&run.exit);
	EXPECT_EQ("guest's cpucfg result", run.exit.r[R_A0], 0xc0ffee);
}

static void iocsr_exits(void)
{
	lvz_vm_reset(1);
	GSPR(g_iocsrrd_b, 0);
	GSPR(g_iocsrrd_h, 0);
	GSPR(g_iocsrrd_w, 0x20);
	GSPR(g_iocsrrd_d, 0x20);
	GSPR(g_iocsrwr_w, 0);
	GSPR(g_iocsrwr_d, 0);
}

static void idle_exits(void)
{
	lvz_vm_reset(1);
	GSPR(g_idle, 0);
}

static void non_hw_csr_exits(void)
{
	lvz_vm_reset(1);
	GSPR(g_rd_impctl1, 0);
	GSPR(g_wr_prid, 0);
	GSPR(g_xchg_merrctl, 0);
	GSPR(g_rd_gstat, 0);
	GSPR(g_rd_perf, 0);
	GSPR(g_rd_unknown, 0);
}

/* Section 5, GCI = 0: every cacop runs in the guest. */
static void cacop_gci0(void)
{
	unsigned long a = (unsigned long)scratch;

	lvz_vm_reset(1);
	NO_EXIT(g_cacop_hit, a);
	NO_EXIT(g_cacop_index, a);
	NO_EXIT(g_cacop_init, a);
}

/* GCI = 1: hit-type ops (code[4:3] = 2) exit. */
static void cacop_gci1(void)
{
	unsigned long a = (unsigned long)scratch;

	lvz_vm_reset(1);
	csr_write(CSR_GCFG, 1UL << GCFG_GCI_SHIFT);
	GSPR(g_cacop_hit, a);
	NO_EXIT(g_cacop_index, a);
	NO_EXIT(g_cacop_init, a);
}

/* GCI = 2: index and init ops (code[4:3] = 1 or 0) exit. */
static void cacop_gci2(void)
{
	unsigned long a = (unsigned long)scratch;

	lvz_vm_reset(1);
	csr_write(CSR_GCFG, 2UL << GCFG_GCI_SHIFT);
	GSPR(g_cacop_index, a);
	GSPR(g_cacop_init, a);
	NO_EXIT(g_cacop_hit, a);
}

/* GTLBC.TOTI = 1: guest TLB instructions exit; 0: they run in the guest. */
static void toti(void)
{
	lvz_vm_reset(1);
	NO_EXIT(g_tlbsrch, 0);
	csr_write(CSR_GTLBC, GTLBC_TOTI);
	GSPR(g_tlbsrch, 0);
	csr_write(CSR_GTLBC, 0);
}

/* A HW CSR never exits (the negative of non_hw_csr_exits). */
LVZ_INSN_FN(g_rd_ks0, "csrrd $a0, 0x30");
static void hw_csr_no_exit(void)
{
	lvz_vm_reset(1);
	NO_EXIT(g_rd_ks0, 0);
}

LVZ_TEST("gspr",
	 LVZ_CASE(cpucfg_exits),
	 LVZ_CASE(cpucfg_emulated),
	 LVZ_CASE(iocsr_exits),
	 LVZ_CASE(idle_exits),
	 LVZ_CASE(non_hw_csr_exits),
	 LVZ_CASE(hw_csr_no_exit),
	 LVZ_CASE(cacop_gci0),
	 LVZ_CASE(cacop_gci1),
	 LVZ_CASE(cacop_gci2),
	 LVZ_CASE(toti));
