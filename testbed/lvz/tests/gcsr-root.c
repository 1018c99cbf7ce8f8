// SPDX-License-Identifier: GPL-2.0
/*
 * lvz.md section 4, root side: gcsrrd/gcsrwr/gcsrxchg reach a guest CSR
 * file that is separate from root's; non-HW numbers read 0 and ignore
 * writes.
 */
#include "guest.h"
#include "test.h"

/* Write @val to guest CSR @csr, read it back under @mask. */
#define ROUND_TRIP(csr, val, mask) do {					\
	unsigned long v_;						\
	gcsr_write(csr, val);						\
	v_ = gcsr_read(csr);						\
	if ((v_ & (mask)) != ((val) & (mask))) {			\
		lvz_fail("guest CSR 0x%x: wrote 0x%lx, read 0x%lx",	\
			 csr, (unsigned long)(val), v_);		\
		return;							\
	}								\
} while (0)

static void round_trip(void)
{
	lvz_vm_reset(1);
	ROUND_TRIP(CSR_KS0, 0x0123456789abcdefUL, ~0UL);
	ROUND_TRIP(CSR_KS0 + 1, 0xfedcba9876543210UL, ~0UL);
	ROUND_TRIP(CSR_KS2, 0x5555aaaa5555aaaaUL, ~0UL);
	ROUND_TRIP(CSR_KS3, 0xaaaa5555aaaa5555UL, ~0UL);
	ROUND_TRIP(CSR_KS8, 0x1111222233334444UL, ~0UL);
	ROUND_TRIP(CSR_ERA, 0x9000000012345678UL, ~3UL);
	ROUND_TRIP(CSR_BADV, 0x0000123456789abcUL, ~0UL);
	ROUND_TRIP(CSR_TLBRBADV, 0x0000fedcba987654UL, ~0UL);
	ROUND_TRIP(CSR_TLBRSAVE, 0x7777666655554444UL, ~0UL);
	ROUND_TRIP(CSR_EENTRY, 0x9000000000345000UL, ~0xfffUL);
	ROUND_TRIP(CSR_TLBRENTRY, 0x0000000000456000UL, ~0xfffUL);
	ROUND_TRIP(CSR_DMWIN0, 0x9000000000000011UL, ~0UL);
	ROUND_TRIP(CSR_DMWIN3, 0x8000000000000001UL, ~0UL);
	ROUND_TRIP(CSR_PGDL, 0x0000000001234000UL, ~0xfffUL);
	ROUND_TRIP(CSR_PGDH, 0x0000000004321000UL, ~0xfffUL);
	ROUND_TRIP(CSR_ASID, 0x155UL, 0x3ffUL);
	ROUND_TRIP(CSR_TCFG, TCFG_INIT(0x123456), ~0UL);
	ROUND_TRIP(CSR_TLBEHI, 0x0000123456780000UL, ~0x1fffUL);
	ROUND_TRIP(CSR_CRMD, CRMD_DA | CRMD_PLV_MASK, CRMD_DA | CRMD_PG | CRMD_IE | CRMD_PLV_MASK);
}

/* Root and guest copies of the same CSR number are different registers. */
static void separate_files(void)
{
	unsigned long r, g;

	lvz_vm_reset(1);
	csr_write(CSR_KS2, 0x1111);
	gcsr_write(CSR_KS2, 0x2222);
	r = csr_read(CSR_KS2);
	g = gcsr_read(CSR_KS2);
	EXPECT_EQ("root KS2 after gcsrwr KS2", r, 0x1111);
	EXPECT_EQ("guest KS2", g, 0x2222);
	csr_write(CSR_KS2, 0x3333);
	EXPECT_EQ("guest KS2 after root csrwr KS2", gcsr_read(CSR_KS2), 0x2222);
	EXPECT_EQ("guest EENTRY (not root's)", gcsr_read(CSR_EENTRY) & ~0xfffUL,
		  (unsigned long)lvz_guest_vector_addr() & ~0xfffUL);
}

/* gcsrxchg changes only the masked bits and returns the full old value. */
static void xchg(void)
{
	unsigned long old;

	lvz_vm_reset(1);
	gcsr_write(CSR_KS3, 0xffff0000ffff0000UL);
	old = gcsr_xchg(CSR_KS3, 0x12345678UL, 0xff00ff00UL);
	EXPECT_EQ("gcsrxchg result (full old value)", old, 0xffff0000ffff0000UL);
	EXPECT_EQ("guest KS3 after gcsrxchg", gcsr_read(CSR_KS3),
		  0xffff000012ff5600UL);
}

/* Decision: non-HW numbers read 0 through gcsrrd and ignore gcsrwr. */
static void non_hw_reads_zero(void)
{
	static const unsigned int nums[] = {
		CSR_GSTAT, CSR_GCFG, CSR_IMPCTL1, CSR_MERRCTL, CSR_PRID,
		CSR_PERFCTRL0, CSR_DEBUG, CSR_UNKNOWN,
	};
	unsigned long v = 0;
	unsigned int i;

	lvz_vm_reset(3);
	for (i = 0; i < sizeof(nums) / sizeof(nums[0]); i++) {
		switch (nums[i]) {
		case CSR_GSTAT:
			v = gcsr_read(CSR_GSTAT);
			break;
		case CSR_GCFG:
			v = gcsr_read(CSR_GCFG);
			break;
		case CSR_IMPCTL1:
			v = gcsr_read(CSR_IMPCTL1);
			break;
		case CSR_MERRCTL:
			v = gcsr_read(CSR_MERRCTL);
			break;
		case CSR_PRID:
			v = gcsr_read(CSR_PRID);
			break;
		case CSR_PERFCTRL0:
			v = gcsr_read(CSR_PERFCTRL0);
			break;
		case CSR_DEBUG:
			v = gcsr_read(CSR_DEBUG);
			break;
		case CSR_UNKNOWN:
			v = gcsr_read(CSR_UNKNOWN);
			break;
		}
		EXPECT(v == 0, "gcsrrd 0x%x read 0x%lx, want 0", nums[i], v);
	}
}

static void non_hw_write_ignored(void)
{
	unsigned long gstat;

	lvz_vm_reset(3);
	gcsr_write(CSR_IMPCTL1, 0x1234);
	EXPECT_EQ("gcsrrd IMPCTL1 after gcsrwr", gcsr_read(CSR_IMPCTL1), 0);
	/* Must not reach root's GSTAT either. */
	gcsr_write(CSR_GSTAT, 0x7fUL << GSTAT_GID_SHIFT | GSTAT_PVM);
	gstat = csr_read(CSR_GSTAT);
	csr_xchg(CSR_GSTAT, 0, GSTAT_PVM);
	EXPECT_EQ("root GSTAT after gcsrwr to number 0x50", gstat & (GSTAT_GID_MASK | GSTAT_PVM),
		  3UL << GSTAT_GID_SHIFT);
}

/* Section 4: root sets and clears guest ESTAT TI/IPI/SWI (injection). */
static void estat_injection(void)
{
	unsigned long bits = 1UL << INT_TI | 1UL << INT_IPI | 1UL << INT_SWI1;

	lvz_vm_reset(1);
	gcsr_write(CSR_ESTAT, bits);
	EXPECT_EQ("guest ESTAT.IS after gcsrwr", gcsr_read(CSR_ESTAT) & ESTAT_IS_MASK, bits);
	gcsr_xchg(CSR_ESTAT, 0, 1UL << INT_IPI);
	EXPECT_EQ("guest ESTAT.IS after clearing IPI", gcsr_read(CSR_ESTAT) & ESTAT_IS_MASK,
		  bits & ~(1UL << INT_IPI));
	gcsr_write(CSR_ESTAT, 0);
	EXPECT_EQ("guest ESTAT.IS after gcsrwr 0", gcsr_read(CSR_ESTAT) & ESTAT_IS_MASK, 0);
}

/* gcsrrd works into any register (section 8 rd field). */
static void any_register(void)
{
	register unsigned long t8 __asm__("$t8");
	register unsigned long s8 __asm__("$s8");

	lvz_vm_reset(1);
	gcsr_write(CSR_KS0 + 5, 0xabcdef);
	__asm__ volatile(LVZ_ASM_DEFS "gcsrrd $t8, 0x35\n\tgcsrrd $s8, 0x35"
			 : "=r"(t8), "=r"(s8) :: "memory");
	EXPECT_EQ("gcsrrd into $t8", t8, 0xabcdef);
	EXPECT_EQ("gcsrrd into $s8", s8, 0xabcdef);
}

LVZ_TEST("gcsr-root",
	 LVZ_CASE(round_trip),
	 LVZ_CASE(separate_files),
	 LVZ_CASE(xchg),
	 LVZ_CASE(non_hw_reads_zero),
	 LVZ_CASE(non_hw_write_ignored),
	 LVZ_CASE(estat_injection),
	 LVZ_CASE(any_register));
