// SPDX-License-Identifier: GPL-2.0
/*
 * Page sizes, lvz.md section 7: 4 KiB and 16 KiB pages translate to the
 * right physical address in root, in the guest's own TLB (stage 1), in
 * stage 2, and with the two stages' page sizes mixed. Each case reads
 * the even and the odd page of a pair, and the pages around them hold
 * other values, so that a translation on a coarser grain than the
 * entry's page size reads a wrong value (as QEMU with 16 KiB target
 * pages did: guest VA 0x10004000 mapped to 0x22000 read 0x20000).
 */
#include "guest.h"
#include "test.h"

#define GVA	0x10004000UL		/* even 4 KiB page of its pair */
#define GVA16	0x10008000UL		/* even 16 KiB page of its pair */
#define GPA	0x4000000UL		/* outside the identity map */
#define HPA	0x5000000UL
#define RW	(TLBELO_V | TLBELO_D | TLBELO_PLV3 | TLBELO_MAT_CC)
#define OFF	0x28UL			/* offset of the word read in a page */

/* A distinct value for every 4 KiB page of host memory */
static unsigned long tag(unsigned long hpa)
{
	return 0x7a6e000000000000UL | (hpa >> 12);
}

/* Tag the 4 KiB pages of host memory [hpa, hpa + size) */
static void host_tag(unsigned long hpa, unsigned long size)
{
	unsigned long p;

	for (p = hpa; p < hpa + size; p += 0x1000)
		*(volatile unsigned long *)LVZ_HVA(p + OFF) = tag(p);
}

/*
 * Root: 4 KiB pages in root's own TLB (GID 0). The runner's direct-map
 * windows leave VA 0x10000000 to the TLB. The pages at 0x1e20000 and up
 * lie in free RAM below the 32 MiB of the guests' identity map.
 */
#define RPA	0x1e20000UL

static void root_4k(void)
{
	volatile unsigned long *even = (void *)(GVA + OFF);
	volatile unsigned long *odd = (void *)(GVA + 0x1000 + OFF);

	host_tag(RPA, 0x10000);
	lvz_tlb_write(lvz_stlb_index(GVA, 1), 0, GVA, 12,
		      (RPA + 0x2000) | RW | TLBELO_G,
		      (RPA + 0x7000) | RW | TLBELO_G);
	EXPECT_EQ("root, even 4 KiB page", *even, tag(RPA + 0x2000));
	EXPECT_EQ("root, odd 4 KiB page", *odd, tag(RPA + 0x7000));
	lvz_invtlb(0, 0, 0);
}

/* What the guest puts in its TLB before it reads, with paging on */
static volatile struct {
	unsigned long va, lo0, lo1, ps;
} gmap;

/* Guest mode: the guest TLB holds just gmap's entry; load from @va */
static unsigned long guest_map_load(unsigned long va)
{
	lvz_invtlb(0, 0, 0);
	csr_write(CSR_TLBEHI, gmap.va);
	csr_write(CSR_TLBELO0, gmap.lo0);
	csr_write(CSR_TLBELO1, gmap.lo1);
	csr_write(CSR_TLBIDX, gmap.ps << TLBIDX_PS_SHIFT);
	__asm__ volatile("tlbfill" ::: "memory");
	return *(volatile unsigned long *)va;
}

static void guest_map(unsigned long va, unsigned int ps, unsigned long lo0,
		      unsigned long lo1)
{
	gmap.va = va;
	gmap.ps = ps;
	gmap.lo0 = lo0;
	gmap.lo1 = lo1;
	lvz_guest_paging();
}

/* Run guest_map_load(va) and return what it read, or fail the case */
static int guest_read(unsigned long va, unsigned long *val)
{
	struct lvz_exit *e = lvz_run_guest(guest_map_load, va);

	if (!lvz_exit_is_done(e)) {
		lvz_fail("guest load of 0x%lx: %s", va, lvz_exit_str(e));
		return 0;
	}
	*val = e->r[R_A0];
	return 1;
}

#define EXPECT_GUEST_READ(what, va, hpa) do {				\
	unsigned long v_;						\
	if (!guest_read(va, &v_))					\
		return;							\
	EXPECT_EQ(what, v_, tag(hpa));					\
} while (0)

/* Stage 1 in 4 KiB pages, over the identity map (16 MiB pages) */
static void guest_4k(void)
{
	lvz_vm_reset(1);
	host_tag(RPA, 0x10000);
	guest_map(GVA, 12, (RPA + 0x2000) | RW, (RPA + 0x7000) | RW);
	EXPECT_GUEST_READ("guest, even 4 KiB page", GVA + OFF, RPA + 0x2000);
	EXPECT_GUEST_READ("guest, odd 4 KiB page", GVA + 0x1000 + OFF,
			  RPA + 0x7000);
}

/* Guest physical addresses in DA mode, stage 2 in 4 KiB pages */
LVZ_INSN_FN(g_load, "ld.d $a0, $a0, 0");

static void stage2_4k(void)
{
	unsigned long gpa = GPA + 0x4000;
	struct lvz_exit *e;

	host_tag(HPA, 0x10000);
	lvz_vm_reset(1);
	lvz_tlb_write(lvz_stlb_index(gpa, 0), 1, gpa, 12,
		      (HPA + 0x2000) | RW, (HPA + 0x9000) | RW);
	e = lvz_run_guest(g_load, gpa + OFF);
	EXPECT_DONE(e);
	EXPECT_EQ("stage 2, even 4 KiB page", e->r[R_A0], tag(HPA + 0x2000));
	e = lvz_run_guest(g_load, gpa + 0x1000 + OFF);
	EXPECT_DONE(e);
	EXPECT_EQ("stage 2, odd 4 KiB page", e->r[R_A0], tag(HPA + 0x9000));
}

/*
 * A 16 KiB guest page over four 4 KiB stage-2 pages scattered in host
 * memory: each 4 KiB part of the guest page lands on its own host page.
 */
static void guest_16k_stage2_4k(void)
{
	static const unsigned long host[4] = { 0x3000, 0xa000, 0x6000, 0xd000 };
	unsigned long gpa = GPA + 0x8000;	/* 16 KiB aligned */
	int i;

	host_tag(HPA, 0x10000);
	lvz_vm_reset(1);
	for (i = 0; i < 4; i += 2)
		lvz_tlb_write(lvz_stlb_index(gpa + i * 0x1000, 0), 1,
			      gpa + i * 0x1000, 12, (HPA + host[i]) | RW,
			      (HPA + host[i + 1]) | RW);
	guest_map(GVA16, 14, gpa | RW, 0);
	for (i = 0; i < 4; i++)
		EXPECT_GUEST_READ("16 KiB guest page, 4 KiB stage-2 page",
				  GVA16 + i * 0x1000 + OFF, HPA + host[i]);
}

/* A 4 KiB guest page inside a 16 KiB stage-2 page (an MTLB entry) */
static void guest_4k_stage2_16k(void)
{
	unsigned long gpa = GPA + 0x10000;	/* 32 KiB aligned: the pair */

	host_tag(HPA, 0x10000);
	lvz_vm_reset(1);
	lvz_tlb_write(MTLB_BASE + 8, 1, gpa, 14, (HPA + 0x8000) | RW,
		      (HPA + 0x4000) | RW);
	/* guest odd 4 KiB page -> GPA in the stage-2 entry's odd page */
	guest_map(GVA, 12, 0, (gpa + 0x7000) | RW);
	EXPECT_GUEST_READ("4 KiB guest page in the odd 16 KiB stage-2 page",
			  GVA + 0x1000 + OFF, HPA + 0x7000);
	guest_map(GVA, 12, (gpa + 0x1000) | RW, 0);
	EXPECT_GUEST_READ("4 KiB guest page in the even 16 KiB stage-2 page",
			  GVA + OFF, HPA + 0x9000);
	lvz_invtlb(0, 0, 0);
}

LVZ_TEST("pages",
	 LVZ_CASE(root_4k),
	 LVZ_CASE(guest_4k),
	 LVZ_CASE(stage2_4k),
	 LVZ_CASE(guest_16k_stage2_4k),
	 LVZ_CASE(guest_4k_stage2_16k));
