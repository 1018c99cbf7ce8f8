// SPDX-License-Identifier: GPL-2.0
/*
 * Regression guard, run on a CPU without LVZ (run.sh starts *-nolvz tests
 * with lvz=off): lvz.md section 1 says CPUCFG2.LVZP reads 0, and every LVZ
 * instruction (section 8 encodings) must then be an unknown instruction:
 * INE (Ecode 13) in root, ERA and BADI naming it.
 */
#include "guest.h"
#include "test.h"

LVZ_INSN_FN(do_gcsrrd, "gcsrrd $a0, 0x30");
LVZ_INSN_FN(do_gcsrwr, "gcsrwr $a0, 0x30");
LVZ_INSN_FN(do_gcsrxchg, "li.d $t1, -1\n .globl gcsrxchg_site\n gcsrxchg_site: gcsrxchg $a0, $t1, 0x30");
LVZ_INSN_FN(do_gtlbflush, "gtlbflush");
LVZ_INSN_FN(do_hvcl, "hvcl 0x1");
extern char gcsrxchg_site[];

static void expect_ine(void *fn, void *site, unsigned int word)
{
	struct lvz_exit e;

	EXPECT(lvz_try((void (*)(unsigned long))fn, 0, &e),
	       "no exception (want INE)");
	EXPECT_EQ("ECODE", e.ecode, ECODE_INE);
	EXPECT_EQ("ERA", e.era, (unsigned long)site);
	EXPECT_EQ("BADI", e.badi, word);
}

static void lvzp_clear(void)
{
	unsigned int c2 = cpucfg(2);

	EXPECT_EQ("CPUCFG2.LVZP", (c2 >> 10) & 1, 0);
	EXPECT_EQ("CPUCFG2.LVZVER", (c2 >> 11) & 7, 0);
}

static void gcsrrd_ine(void)
{
	expect_ine(do_gcsrrd, do_gcsrrd_site, LVZ_GCSRRD_WORD(4, 0x30));
}

static void gcsrwr_ine(void)
{
	expect_ine(do_gcsrwr, do_gcsrwr_site, LVZ_GCSRWR_WORD(4, 0x30));
}

static void gcsrxchg_ine(void)
{
	expect_ine(do_gcsrxchg, gcsrxchg_site, LVZ_GCSRXCHG_WORD(4, 13, 0x30));
}

static void gtlbflush_ine(void)
{
	expect_ine(do_gtlbflush, do_gtlbflush_site, LVZ_INSN_GTLBFLUSH);
}

static void hvcl_ine(void)
{
	expect_ine(do_hvcl, do_hvcl_site, LVZ_HVCL_WORD(1));
}

LVZ_TEST("guards-nolvz",
	 LVZ_CASE(lvzp_clear),
	 LVZ_CASE(gcsrrd_ine),
	 LVZ_CASE(gcsrwr_ine),
	 LVZ_CASE(gcsrxchg_ine),
	 LVZ_CASE(gtlbflush_ine),
	 LVZ_CASE(hvcl_ine));
