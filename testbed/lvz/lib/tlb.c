// SPDX-License-Identifier: GPL-2.0
/*
 * Root TLB access for stage 2 (lvz.md section 7): root tlbwr with
 * GTLBC.USETGID = 1 tags the new entry with GTLBC.TGID; root tlbsrch and
 * tlbrd honour TGID and report the tag in TRGP.
 */
#include "internal.h"

#define VPPN_MASK	(~0x1fffUL & 0xffffffffffffUL)

static void set_tgid(unsigned int gid)
{
	csr_write(CSR_GTLBC, gid ? GTLBC_USETGID |
		  (unsigned long)gid << GTLBC_TGID_SHIFT : 0);
}

void lvz_tlb_write(unsigned int index, unsigned int gid, unsigned long va,
		   unsigned int ps, unsigned long lo0, unsigned long lo1)
{
	set_tgid(gid);
	csr_write(CSR_TLBEHI, va & VPPN_MASK);
	csr_write(CSR_TLBELO0, lo0);
	csr_write(CSR_TLBELO1, lo1);
	csr_write(CSR_TLBIDX, index | (unsigned long)ps << TLBIDX_PS_SHIFT);
	__asm__ volatile("tlbwr" ::: "memory");
	csr_write(CSR_GTLBC, 0);
}

int lvz_tlb_search(unsigned int gid, unsigned long va)
{
	unsigned long idx;

	set_tgid(gid);
	csr_write(CSR_TLBEHI, va & VPPN_MASK);
	__asm__ volatile("tlbsrch" ::: "memory");
	idx = csr_read(CSR_TLBIDX);
	csr_write(CSR_GTLBC, 0);
	return idx & TLBIDX_NE ? -1 : (int)(idx & TLBIDX_IDX_MASK);
}

unsigned long lvz_tlb_read(unsigned int index, unsigned long *trgp)
{
	unsigned long idx;

	csr_write(CSR_TLBIDX, index | 12UL << TLBIDX_PS_SHIFT);
	__asm__ volatile("tlbrd" ::: "memory");
	idx = csr_read(CSR_TLBIDX);
	if (trgp)
		*trgp = csr_read(CSR_TRGP);
	return idx;
}

unsigned int lvz_stlb_index(unsigned long va, unsigned int way)
{
	return (way & 7) * 256 + ((va >> 13) & 0xff);
}

void lvz_s2_map(unsigned int gid, unsigned long gpa, unsigned long hpa,
		unsigned long flags, unsigned int way)
{
	unsigned long lo = (hpa & ~0xfffUL & 0xffffffffffffUL) | flags;
	int odd = (gpa >> 12) & 1;

	lvz_tlb_write(lvz_stlb_index(gpa, way), gid, gpa, 12,
		      odd ? 0 : lo, odd ? lo : 0);
}

/*
 * GPA [0, 32M) = HPA [0, 32M) for @gid: one MTLB pair of 16M pages in a
 * slot of its own per GID, so tests can add 4K entries above it.
 */
void lvz_s2_identity(unsigned int gid)
{
	unsigned long f = TLBELO_V | TLBELO_D | TLBELO_PLV3 | TLBELO_MAT_CC;

	lvz_tlb_write(MTLB_BASE + 32 + (gid & 31), gid, 0, 24,
		      0x0 | f, 0x1000000UL | f);
}
