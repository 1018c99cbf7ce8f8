// SPDX-License-Identifier: GPL-2.0
/*
 * lvz.md section 5: GCFG trap controls. A set bit turns the guest write
 * into a GCM exit (Ecode 24, EsubCode 0 = GCSC) naming the instruction;
 * with the bit clear the same write stays in the guest.
 */
#include "guest.h"
#include "test.h"

LVZ_INSN_FN(g_wr_tcfg, "csrwr $a0, 0x41");
LVZ_INSN_FN(g_wr_ticlr, "csrwr $a0, 0x44");
LVZ_INSN_FN(g_wr_ecfg, "csrwr $a0, 0x4");
LVZ_INSN_FN(g_wr_eentry, "csrwr $a0, 0xc");
LVZ_INSN_FN(g_wr_prmd, "csrwr $a0, 0x1");
LVZ_INSN_FN(g_wr_crmd, "csrwr $a0, 0x0");
LVZ_INSN_FN(g_wr_estat, "csrwr $a0, 0x5");
LVZ_INSN_FN(g_wr_unknown, "csrwr $a0, 0x7f0");

static int run_expect(void *fn, void *site, unsigned long arg, unsigned int ecode)
{
	struct lvz_exit *e = lvz_run_guest(fn, arg);

	if (ecode == ~0U) {
		if (!lvz_exit_is_done(e)) {
			lvz_fail("want no exit, saw %s", lvz_exit_str(e));
			return 0;
		}
		return 1;
	}
	if (e->kind != LVZ_TRAP_EXC || e->ecode != ecode || e->esubcode != 0 ||
	    e->era != (unsigned long)site ||
	    e->badi != *(volatile unsigned int *)site) {
		lvz_fail("want ecode %u esub 0 at 0x%lx (BADI 0x%x), saw %s",
			 ecode, (unsigned long)site, *(volatile unsigned int *)site,
			 lvz_exit_str(e));
		return 0;
	}
	return 1;
}

#define GCM(fn, arg) do {						\
	if (!run_expect(fn, fn##_site, arg, ECODE_GCM))			\
		return;							\
} while (0)
#define STAYS(fn, arg) do {						\
	if (!run_expect(fn, fn##_site, arg, ~0U))			\
		return;							\
} while (0)

static void tit(void)
{
	lvz_vm_reset(1);
	STAYS(g_wr_tcfg, 0);
	STAYS(g_wr_ticlr, 0);
	csr_write(CSR_GCFG, GCFG_TIT);
	GCM(g_wr_tcfg, 0);
	GCM(g_wr_ticlr, 1);
}

/* With TIT clear the guest's TCFG write lands in the guest file. */
static void tit_clear_writes(void)
{
	lvz_vm_reset(1);
	STAYS(g_wr_tcfg, TCFG_INIT(0x4321));
	EXPECT_EQ("guest TCFG", gcsr_read(CSR_TCFG), TCFG_INIT(0x4321));
}

static void toe(void)
{
	unsigned long eentry;

	lvz_vm_reset(1);
	eentry = gcsr_read(CSR_EENTRY);
	STAYS(g_wr_ecfg, 0);
	STAYS(g_wr_eentry, eentry);
	csr_write(CSR_GCFG, GCFG_TOE);
	GCM(g_wr_ecfg, 0);
	GCM(g_wr_eentry, eentry);
}

static void top(void)
{
	lvz_vm_reset(1);
	STAYS(g_wr_prmd, 0);
	STAYS(g_wr_crmd, CRMD_DA);
	csr_write(CSR_GCFG, GCFG_TOP);
	GCM(g_wr_prmd, 0);
	GCM(g_wr_crmd, CRMD_DA);
}

static void sit(void)
{
	lvz_vm_reset(1);
	STAYS(g_wr_estat, 1);
	csr_write(CSR_GCFG, GCFG_SIT);
	GCM(g_wr_estat, 1);
}

/* TORU: an unimplemented CSR gives GCM instead of the GSPR of section 4. */
static void toru(void)
{
	struct lvz_exit *e;

	lvz_vm_reset(1);
	e = lvz_run_guest(g_wr_unknown, 0);
	EXPECT_EXIT(e, ECODE_GSPR);
	csr_write(CSR_GCFG, GCFG_TORU);
	GCM(g_wr_unknown, 0);
}

LVZ_TEST("gcfg-traps",
	 LVZ_CASE(tit),
	 LVZ_CASE(tit_clear_writes),
	 LVZ_CASE(toe),
	 LVZ_CASE(top),
	 LVZ_CASE(sit),
	 LVZ_CASE(toru));
