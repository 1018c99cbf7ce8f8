// SPDX-License-Identifier: GPL-2.0
/*
 * lvz.md section 7, stage 1: the guest TLB is the guest's own. The guest
 * handles its own TLB refill at guest TLBRENTRY without any exit, and a
 * GID's guest-TLB entries are invisible to other GIDs and to root.
 */
#include "guest.h"
#include "test.h"

#define GVA	0x10000000UL		/* mapped by the guest TLB only */
#define GPA	0x4000000UL
#define HPA	0x5000000UL
#define VAL	0x0badc0de600dcafeUL
#define LO_RW	(TLBELO_V | TLBELO_D | TLBELO_PLV3 | TLBELO_MAT_CC)

/* Guest mode, refill handler: GVA page -> GPA, with the guest's tlbfill. */
static enum lvz_action guest_refill(unsigned long *regs, int kind)
{
	unsigned long va = csr_read(CSR_TLBRBADV);
	unsigned long lo = (GPA + (va & 0x1000)) | LO_RW;

	(void)regs;
	if (kind != LVZ_TRAP_TLBR || (va & ~0x1fffUL) != GVA)
		return LVZ_STOP;
	csr_write(CSR_TLBREHI, (va & ~0x1fffUL) | 12);
	csr_write(CSR_TLBRELO0, lo);
	csr_write(CSR_TLBRELO1, lo + 0x1000);
	__asm__ volatile("tlbfill" ::: "memory");
	return LVZ_RESUME;
}

LVZ_INSN_FN(g_load, "ld.d $a0, $a0, 0");

static void own_refill(void)
{
	struct lvz_run run = { .entry = g_load, .arg = GVA + 0x10 };

	lvz_vm_reset(1);
	*(volatile unsigned long *)LVZ_HVA(HPA + 0x10) = VAL;
	lvz_s2_map(1, GPA, HPA, LO_RW, 0);
	lvz_guest_paging();
	lvz_guest_hook = guest_refill;
	lvz_run(&run);
	EXPECT_DONE(&run.exit);
	EXPECT_EQ("exits (only the final return)", run.nexits, 1);
	EXPECT_EQ("guest TLB refills", lvz_gtrap.tlbr_count, 1);
	EXPECT_EQ("guest TLBRBADV", lvz_gtrap.tlbrbadv, GVA + 0x10);
	EXPECT_EQ("value loaded through both stages", run.exit.r[R_A0], VAL);
	EXPECT_EQ("root entry for the guest VA", lvz_tlb_search(1, GVA), -1UL);
}

/* Guest C code: fill / search the guest TLB for @va. */
static unsigned long guest_fill(unsigned long va)
{
	csr_write(CSR_TLBEHI, va & ~0x1fffUL);
	csr_write(CSR_TLBELO0, GPA | LO_RW);
	csr_write(CSR_TLBELO1, 0);
	csr_write(CSR_TLBIDX, 12UL << TLBIDX_PS_SHIFT);
	__asm__ volatile("tlbfill" ::: "memory");
	return 0;
}

static unsigned long guest_search(unsigned long va)
{
	csr_write(CSR_TLBEHI, va & ~0x1fffUL);
	__asm__ volatile("tlbsrch" ::: "memory");
	return csr_read(CSR_TLBIDX);
}

static int guest_finds(unsigned long va, int *found)
{
	struct lvz_exit *e = lvz_run_guest(guest_search, va);

	if (!lvz_exit_is_done(e)) {
		lvz_fail("guest tlbsrch: %s", lvz_exit_str(e));
		return 0;
	}
	*found = !(e->r[R_A0] & TLBIDX_NE);
	return 1;
}

static void other_gid_invisible(void)
{
	int found;

	lvz_vm_reset(1);
	EXPECT_DONE(lvz_run_guest(guest_fill, GVA));
	if (!guest_finds(GVA, &found))
		return;
	EXPECT(found, "GID 1 does not find its own guest-TLB entry");
	lvz_vm_set_gid(2);
	if (!guest_finds(GVA, &found))
		return;
	EXPECT(!found, "GID 2 finds GID 1's guest-TLB entry");
	lvz_vm_set_gid(1);
	if (!guest_finds(GVA, &found))
		return;
	EXPECT(found, "GID 1 lost its entry after GID 2 ran");
}

/* The other GID takes its own refill for the same VA. */
static void other_gid_refills(void)
{
	struct lvz_run run = { .entry = g_load, .arg = GVA };

	lvz_vm_reset(1);
	EXPECT_DONE(lvz_run_guest(guest_fill, GVA));
	lvz_vm_set_gid(2);
	lvz_s2_map(2, GPA, HPA, LO_RW, 0);
	lvz_guest_paging();
	lvz_guest_hook = guest_refill;
	lvz_run(&run);
	EXPECT_DONE(&run.exit);
	EXPECT_EQ("GID 2 guest TLB refills", lvz_gtrap.tlbr_count, 1);
}

LVZ_TEST("gtlb",
	 LVZ_CASE(own_refill),
	 LVZ_CASE(other_gid_invisible),
	 LVZ_CASE(other_gid_refills));
