// SPDX-License-Identifier: GPL-2.0
/*
 * lvz.md section 7: root tlbsrch/tlbrd honour GTLBC.TGID and report the
 * tag in TRGP (section 2); invtlb guest ops drop exactly their entries.
 * rj[23:16] carries the GID, as in GSTAT.
 */
#include "guest.h"
#include "test.h"

#define VA_A	0x4000000UL
#define VA_B	0x4010000UL
#define LO	(0x5000000UL | TLBELO_V | TLBELO_D | TLBELO_PLV3)
#define GID(g)	((unsigned long)(g) << 16)

static void put(unsigned int gid, unsigned long va, unsigned int way)
{
	lvz_tlb_write(lvz_stlb_index(va, way), gid, va, 12, LO, 0);
}

/* GID3@A, GID3@B, GID4@A, GID0@A */
static void populate(void)
{
	lvz_vm_reset(1);
	put(3, VA_A, 0);
	put(3, VA_B, 0);
	put(4, VA_A, 1);
	put(0, VA_A, 2);
}

#define PRESENT(gid, va, want) do {					\
	int i_ = lvz_tlb_search(gid, va);				\
	if ((i_ >= 0) != (want)) {					\
		lvz_fail("GID %d entry for 0x%lx: %s, want %s", gid,	\
			 (unsigned long)(va), i_ >= 0 ? "present" : "absent", \
			 (want) ? "present" : "absent");		\
		return;							\
	}								\
} while (0)

static void tlbsrch_tgid(void)
{
	populate();
	EXPECT_EQ("tlbsrch GID 3, A", lvz_tlb_search(3, VA_A), lvz_stlb_index(VA_A, 0));
	EXPECT_EQ("tlbsrch GID 4, A", lvz_tlb_search(4, VA_A), lvz_stlb_index(VA_A, 1));
	EXPECT_EQ("tlbsrch GID 0, A", lvz_tlb_search(0, VA_A), lvz_stlb_index(VA_A, 2));
	PRESENT(5, VA_A, 0);
	PRESENT(4, VA_B, 0);
}

static void trgp_after_tlbrd(void)
{
	unsigned long trgp, idx;

	populate();
	idx = lvz_tlb_read(lvz_stlb_index(VA_A, 1), &trgp);
	EXPECT_EQ("TLBIDX.NE", idx & TLBIDX_NE, 0);
	EXPECT_EQ("TRGP.GTLB for a GID-4 entry", trgp & TRGP_GTLB, TRGP_GTLB);
	EXPECT_EQ("TRGP.RID", TRGP_RID(trgp), 4);
	EXPECT_EQ("TLBEHI read back", csr_read(CSR_TLBEHI) & ~0x1fffUL, VA_A);
	lvz_tlb_read(lvz_stlb_index(VA_A, 2), &trgp);
	EXPECT_EQ("TRGP.GTLB for a GID-0 entry", trgp & TRGP_GTLB, 0);
}

static void op14_gid(void)
{
	populate();
	lvz_invtlb(0x14, GID(3), 0);
	PRESENT(3, VA_A, 0);
	PRESENT(3, VA_B, 0);
	PRESENT(4, VA_A, 1);
	PRESENT(0, VA_A, 1);
}

static void op16_gid_addr(void)
{
	populate();
	lvz_invtlb(0x16, GID(3), VA_A);
	PRESENT(3, VA_A, 0);
	PRESENT(3, VA_B, 1);
	PRESENT(4, VA_A, 1);
	PRESENT(0, VA_A, 1);
}

static void op11_all_tagged(void)
{
	populate();
	lvz_invtlb(0x11, 0, 0);
	PRESENT(3, VA_A, 0);
	PRESENT(3, VA_B, 0);
	PRESENT(4, VA_A, 0);
	PRESENT(0, VA_A, 1);
}

/* Ops 0x0-0x6 act on GID-0 entries only. */
static void op0_root_only(void)
{
	populate();
	lvz_invtlb(0x0, 0, 0);
	PRESENT(0, VA_A, 0);
	PRESENT(3, VA_A, 1);
	PRESENT(4, VA_A, 1);
}

/* Guest C code: put a guest-TLB entry for @va / look for it. */
static unsigned long guest_fill(unsigned long va)
{
	csr_write(CSR_TLBEHI, va);
	csr_write(CSR_TLBELO0, LO);
	csr_write(CSR_TLBELO1, 0);
	csr_write(CSR_TLBIDX, 12UL << TLBIDX_PS_SHIFT);
	__asm__ volatile("tlbfill" ::: "memory");
	return 0;
}

static unsigned long guest_search(unsigned long va)
{
	csr_write(CSR_TLBEHI, va);
	__asm__ volatile("tlbsrch" ::: "memory");
	return csr_read(CSR_TLBIDX);
}

static int guest_has(unsigned long va)
{
	struct lvz_exit *e = lvz_run_guest(guest_search, va);

	if (!lvz_exit_is_done(e)) {
		lvz_fail("guest tlbsrch: %s", lvz_exit_str(e));
		return -1;
	}
	return !(e->r[R_A0] & TLBIDX_NE);
}

/* 0x12: every guest-TLB entry and every tagged root entry; GID 0 stays. */
static void op12_both(void)
{
	int has;

	populate();
	EXPECT_DONE(lvz_run_guest(guest_fill, 0x20000000UL));
	has = guest_has(0x20000000UL);
	EXPECT(has == 1, "guest does not find its guest-TLB entry before invtlb");
	lvz_invtlb(0x12, 0, 0);
	PRESENT(3, VA_A, 0);
	PRESENT(4, VA_A, 0);
	PRESENT(1, 0, 0);	/* the identity map went too */
	PRESENT(0, VA_A, 1);
	lvz_s2_identity(1);
	has = guest_has(0x20000000UL);
	EXPECT(has == 0, "guest-TLB entry survived invtlb 0x12");
}

/* 0x13: guest-TLB entries of one GID only; root entries untouched. */
static void op13_guest_gid(void)
{
	int has;

	populate();
	EXPECT_DONE(lvz_run_guest(guest_fill, 0x20000000UL));
	lvz_vm_set_gid(2);
	EXPECT_DONE(lvz_run_guest(guest_fill, 0x20000000UL));
	lvz_invtlb(0x13, GID(1), 0);
	has = guest_has(0x20000000UL);
	EXPECT(has == 1, "GID 2's guest-TLB entry dropped by invtlb 0x13 of GID 1");
	lvz_vm_set_gid(1);
	has = guest_has(0x20000000UL);
	EXPECT(has == 0, "GID 1's guest-TLB entry survived invtlb 0x13");
	PRESENT(3, VA_A, 1);
}

LVZ_TEST("invtlb",
	 LVZ_CASE(tlbsrch_tgid),
	 LVZ_CASE(trgp_after_tlbrd),
	 LVZ_CASE(op14_gid),
	 LVZ_CASE(op16_gid_addr),
	 LVZ_CASE(op11_all_tagged),
	 LVZ_CASE(op0_root_only),
	 LVZ_CASE(op12_both),
	 LVZ_CASE(op13_guest_gid));
