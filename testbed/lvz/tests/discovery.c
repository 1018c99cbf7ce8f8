// SPDX-License-Identifier: GPL-2.0
/* lvz.md section 1: how software finds LVZ and its size. */
#include "guest.h"
#include "test.h"

static void cpucfg2_lvzp(void)
{
	EXPECT_EQ("CPUCFG2.LVZP (bit 10)", (cpucfg(2) >> 10) & 1, 1);
}

static void cpucfg2_lvzver(void)
{
	EXPECT_EQ("CPUCFG2.LVZVER (bits 13:11)", (cpucfg(2) >> 11) & 7, 1);
}

static void gstat_gidbit(void)
{
	EXPECT_EQ("GSTAT.GIDBIT", GSTAT_GIDBIT(csr_read(CSR_GSTAT)), 6);
}

/* GIDBIT and VM are read-only: writing other values changes nothing. */
static void gstat_readonly(void)
{
	unsigned long old = csr_read(CSR_GSTAT);
	unsigned long v;

	csr_write(CSR_GSTAT, (old & ~0x3f3UL) | 0x3f0UL | GSTAT_VM);
	v = csr_read(CSR_GSTAT);
	csr_write(CSR_GSTAT, old & ~(GSTAT_PVM | GSTAT_VM));
	EXPECT_EQ("GSTAT.GIDBIT after writing 0x3f", GSTAT_GIDBIT(v), 6);
	EXPECT_EQ("GSTAT.VM after writing 1 in root", v & GSTAT_VM, 0);
}

/* MATP (guest/root/nested), SITP, TITP, TOEP, TOPP, TORUP, GCIP all set. */
static void gcfg_caps(void)
{
	unsigned long want = GCFG_MATP_MASK | GCFG_SITP | GCFG_TITP |
			     GCFG_TOEP | GCFG_TOPP | GCFG_TORUP | GCFG_GCIP_MASK;

	EXPECT_EQ("GCFG capability bits", csr_read(CSR_GCFG) & want, want);
}

static void gcfg_caps_readonly(void)
{
	unsigned long want = GCFG_MATP_MASK | GCFG_SITP | GCFG_TITP |
			     GCFG_TOEP | GCFG_TOPP | GCFG_TORUP | GCFG_GCIP_MASK;
	unsigned long v;

	csr_write(CSR_GCFG, 0);
	v = csr_read(CSR_GCFG);
	EXPECT_EQ("GCFG capability bits after writing 0", v & want, want);
}

/* A guest sees GIDBIT's worth of IDs: 2^6 - 1 = 63 usable, ID 63 works. */
static void gid_max(void)
{
	unsigned long v;

	csr_write(CSR_GSTAT, 63UL << GSTAT_GID_SHIFT);
	v = csr_read(CSR_GSTAT);
	csr_write(CSR_GSTAT, 0);
	EXPECT_EQ("GSTAT.GID after writing 63", (v & GSTAT_GID_MASK) >> GSTAT_GID_SHIFT, 63);
}

LVZ_TEST("discovery",
	 LVZ_CASE(cpucfg2_lvzp),
	 LVZ_CASE(cpucfg2_lvzver),
	 LVZ_CASE(gstat_gidbit),
	 LVZ_CASE(gstat_readonly),
	 LVZ_CASE(gcfg_caps),
	 LVZ_CASE(gcfg_caps_readonly),
	 LVZ_CASE(gid_max));
