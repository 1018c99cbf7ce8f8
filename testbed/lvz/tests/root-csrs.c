// SPDX-License-Identifier: GPL-2.0
/* lvz.md section 2: the root CSRs LVZ adds hold what root writes. */
#include "guest.h"
#include "test.h"

static void gtlbc_fields(void)
{
	unsigned long want = GTLBC_USETGID | GTLBC_TOTI | 0x2aUL << GTLBC_TGID_SHIFT;
	unsigned long v;

	csr_write(CSR_GTLBC, want);
	v = csr_read(CSR_GTLBC);
	csr_write(CSR_GTLBC, 0);
	EXPECT_EQ("GTLBC USETGID/TOTI/TGID", v & (GTLBC_USETGID | GTLBC_TOTI | 0xff0000UL), want);
	EXPECT_EQ("GTLBC after writing 0", csr_read(CSR_GTLBC) & 0xff3000UL, 0);
}

static void gstat_gid(void)
{
	unsigned long v;

	csr_write(CSR_GSTAT, 0x15UL << GSTAT_GID_SHIFT);
	v = csr_read(CSR_GSTAT);
	csr_write(CSR_GSTAT, 0);
	EXPECT_EQ("GSTAT.GID", (v & GSTAT_GID_MASK) >> GSTAT_GID_SHIFT, 0x15);
	EXPECT_EQ("GSTAT.VM in root", v & GSTAT_VM, 0);
}

static void gstat_pvm(void)
{
	unsigned long v;

	csr_xchg(CSR_GSTAT, GSTAT_PVM, GSTAT_PVM);
	v = csr_read(CSR_GSTAT);
	csr_xchg(CSR_GSTAT, 0, GSTAT_PVM);
	EXPECT_EQ("GSTAT.PVM after setting it", v & GSTAT_PVM, GSTAT_PVM);
	EXPECT_EQ("GSTAT.PVM after clearing it", csr_read(CSR_GSTAT) & GSTAT_PVM, 0);
}

static void gintc_storage(void)
{
	unsigned long v;

	csr_write(CSR_GINTC, 0x5ac3a5UL);
	v = csr_read(CSR_GINTC);
	csr_write(CSR_GINTC, 0);
	EXPECT_EQ("GINTC VIP/PIP/HC", v & 0xffffffUL, 0x5ac3a5UL);
}

static void gcntc_64bit(void)
{
	unsigned long v;

	csr_write(CSR_GCNTC, 0x8123456789abcdefUL);
	v = csr_read(CSR_GCNTC);
	csr_write(CSR_GCNTC, 0);
	EXPECT_EQ("GCNTC", v, 0x8123456789abcdefUL);
}

static void gcfg_controls(void)
{
	unsigned long ctl = 1UL << GCFG_MATC_SHIFT | GCFG_SIT | GCFG_TIT |
			    GCFG_TOE | GCFG_TOP | GCFG_TORU | 2UL << GCFG_GCI_SHIFT;
	unsigned long mask = 3UL << GCFG_MATC_SHIFT | GCFG_SIT | GCFG_TIT |
			     GCFG_TOE | GCFG_TOP | GCFG_TORU | 3UL << GCFG_GCI_SHIFT;
	unsigned long v;

	csr_write(CSR_GCFG, ctl);
	v = csr_read(CSR_GCFG);
	csr_write(CSR_GCFG, 0);
	EXPECT_EQ("GCFG MATC/SIT/TIT/TOE/TOP/TORU/GCI", v & mask, ctl);
	EXPECT_EQ("GCFG controls after writing 0", csr_read(CSR_GCFG) & mask, 0);
}

LVZ_TEST("root-csrs",
	 LVZ_CASE(gtlbc_fields),
	 LVZ_CASE(gstat_gid),
	 LVZ_CASE(gstat_pvm),
	 LVZ_CASE(gintc_storage),
	 LVZ_CASE(gcntc_64bit),
	 LVZ_CASE(gcfg_controls));
