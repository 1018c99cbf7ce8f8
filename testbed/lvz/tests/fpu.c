// SPDX-License-Identifier: GPL-2.0
/*
 * lvz.md section 6: an FP instruction the guest's EUEN allows but root
 * EUEN.FPE forbids exits with Ecode 15; the guest's own EUEN.FPE = 0 gives
 * the guest its own FPD; both enabled, it just runs.
 */
#include "guest.h"
#include "test.h"

LVZ_INSN_FN(g_fp, "movgr2fr.d $fa0, $a0\n movfr2gr.d $a0, $fa0");

static void root_fpe_off_exits(void)
{
	struct lvz_exit *e;

	lvz_vm_reset(1);
	csr_write(CSR_EUEN, 0);
	gcsr_write(CSR_EUEN, EUEN_FPE);
	e = lvz_run_guest(g_fp, 1);
	EXPECT_EXIT(e, ECODE_FPD);
	EXPECT_EQ("ERA", e->era, (unsigned long)g_fp_site);
	EXPECT_EQ("BADI", e->badi, LVZ_SITE_WORD(g_fp));
	EXPECT_EQ("guest exceptions", lvz_gtrap.count, 0);
}

static void both_on_runs(void)
{
	struct lvz_exit *e;

	lvz_vm_reset(1);
	csr_write(CSR_EUEN, EUEN_FPE);
	gcsr_write(CSR_EUEN, EUEN_FPE);
	e = lvz_run_guest(g_fp, 0x123456789UL);
	csr_write(CSR_EUEN, 0);
	EXPECT_DONE(e);
	EXPECT_EQ("value through $fa0", e->r[R_A0], 0x123456789UL);
}

static void guest_fpe_off_stays(void)
{
	struct lvz_exit *e;

	lvz_vm_reset(1);
	csr_write(CSR_EUEN, EUEN_FPE);
	gcsr_write(CSR_EUEN, 0);
	e = lvz_run_guest(g_fp, 1);
	csr_write(CSR_EUEN, 0);
	EXPECT(lvz_exit_is_hvc(e, LVZ_HVC_GTRAP),
	       "want the guest's own FPD, saw %s", lvz_exit_str(e));
	EXPECT_EQ("guest ESTAT.Ecode", ESTAT_ECODE(lvz_gtrap.estat), ECODE_FPD);
	EXPECT_EQ("guest ERA", lvz_gtrap.era, (unsigned long)g_fp_site);
}

LVZ_TEST("fpu",
	 LVZ_CASE(root_fpe_off_exits),
	 LVZ_CASE(both_on_runs),
	 LVZ_CASE(guest_fpe_off_stays));
