// SPDX-License-Identifier: GPL-2.0
/*
 * lvz.md section 6: an FP, LSX or LASX instruction that the guest's EUEN
 * allows but root's EUEN.FPE, SXE or ASXE forbids exits with Ecode 15, 16
 * or 17; the guest's own EUEN bit clear gives the guest its own FPD, SXD
 * or ASXD; both enabled, it just runs. The LSX and LASX cases skip on a
 * CPU without them (CPUCFG2).
 */
#include "guest.h"
#include "test.h"

/*
 * Through $fa0, $vr1 or $xr1: the low 64 bits of a vector register are
 * the FP register of the same number. binutils 2.40 does not know LSX
 * and LASX: vor.v $vr1, $vr0, $vr0 and xvor.v $xr1, $xr0, $xr0 as words.
 */
LVZ_INSN_FN(g_fp, "movgr2fr.d $fa0, $a0\n movfr2gr.d $a0, $fa0");
LVZ_INSN_FN(g_lsx, ".word 0x71268001\n movfr2gr.d $a0, $fa1");
LVZ_INSN_FN(g_lasx, ".word 0x75268001\n movfr2gr.d $a0, $fa1");
/* Root: $fa0 = a0, for the vector cases to copy */
LVZ_INSN_FN(r_set_fa0, "movgr2fr.d $fa0, $a0");

#define CPUCFG2_LSX	(1U << 6)
#define CPUCFG2_LASX	(1U << 7)
#define VAL		0x123456789UL

struct unit {
	const char *name;
	unsigned long euen;		/* the unit's own EUEN bit */
	unsigned int ecode;		/* its disabled exception */
	unsigned int cpucfg2;		/* its CPUCFG2 bit; 0: always there */
	void *fn;
	char *site;
};

static const struct unit units[] = {
	{ "FP", EUEN_FPE, ECODE_FPD, 0, g_fp, g_fp_site },
	{ "LSX", EUEN_SXE, ECODE_SXD, CPUCFG2_LSX, g_lsx, g_lsx_site },
	{ "LASX", EUEN_ASXE, ECODE_ASXD, CPUCFG2_LASX, g_lasx, g_lasx_site },
};

#define ALL_UNITS	(EUEN_FPE | EUEN_SXE | EUEN_ASXE)

/*
 * Fresh VM; root EUEN = @root, guest EUEN = @guest; $fa0 = VAL (the
 * guest sees root's FP registers: this model has one register file).
 * NULL (and the case skipped) if the CPU lacks the unit.
 */
static const struct unit *setup(int i, unsigned long root, unsigned long guest)
{
	const struct unit *u = &units[i];

	if (u->cpucfg2 && !(cpucfg(2) & u->cpucfg2)) {
		lvz_skip("no %s in this CPU (CPUCFG2)", u->name);
		return 0;
	}
	lvz_vm_reset(1);
	csr_write(CSR_EUEN, EUEN_FPE);
	((void (*)(unsigned long))r_set_fa0)(VAL);
	csr_write(CSR_EUEN, root);
	gcsr_write(CSR_EUEN, guest);
	return u;
}

/* Root's EUEN bit of the unit clear, the guest's set: exit to root */
static void root_off_exits(int i)
{
	const struct unit *u = setup(i, ALL_UNITS & ~units[i].euen, ALL_UNITS);
	struct lvz_exit *e;

	if (!u)
		return;
	e = lvz_run_guest(u->fn, 1);
	csr_write(CSR_EUEN, 0);
	EXPECT_EXIT(e, u->ecode);
	EXPECT_EQ("ERA", e->era, (unsigned long)u->site);
	EXPECT_EQ("BADI", e->badi, *(volatile unsigned int *)u->site);
	EXPECT_EQ("guest exceptions", lvz_gtrap.count, 0);
}

/* Both set: the instruction runs in the guest */
static void both_on_runs(int i)
{
	const struct unit *u = setup(i, ALL_UNITS, ALL_UNITS);
	struct lvz_exit *e;

	if (!u)
		return;
	e = lvz_run_guest(u->fn, VAL);
	csr_write(CSR_EUEN, 0);
	EXPECT_DONE(e);
	EXPECT_EQ("value through the unit's register", e->r[R_A0], VAL);
}

/* The guest's bit clear, root's set: the guest's own exception */
static void guest_off_stays(int i)
{
	const struct unit *u = setup(i, ALL_UNITS, ALL_UNITS & ~units[i].euen);
	struct lvz_exit *e;

	if (!u)
		return;
	e = lvz_run_guest(u->fn, 1);
	csr_write(CSR_EUEN, 0);
	EXPECT(lvz_exit_is_hvc(e, LVZ_HVC_GTRAP),
	       "want the guest's own exception %u, saw %s", u->ecode,
	       lvz_exit_str(e));
	EXPECT_EQ("guest ESTAT.Ecode", ESTAT_ECODE(lvz_gtrap.estat), u->ecode);
	EXPECT_EQ("guest ERA", lvz_gtrap.era, (unsigned long)u->site);
}

#define UNIT_CASES(n, i)						\
static void n##_root_off_exits(void) { root_off_exits(i); }		\
static void n##_both_on_runs(void) { both_on_runs(i); }			\
static void n##_guest_off_stays(void) { guest_off_stays(i); }

UNIT_CASES(fp, 0)
UNIT_CASES(lsx, 1)
UNIT_CASES(lasx, 2)

LVZ_TEST("fpu",
	 LVZ_CASE(fp_root_off_exits),
	 LVZ_CASE(fp_both_on_runs),
	 LVZ_CASE(fp_guest_off_stays),
	 LVZ_CASE(lsx_root_off_exits),
	 LVZ_CASE(lsx_both_on_runs),
	 LVZ_CASE(lsx_guest_off_stays),
	 LVZ_CASE(lasx_root_off_exits),
	 LVZ_CASE(lasx_both_on_runs),
	 LVZ_CASE(lasx_guest_off_stays));
