// SPDX-License-Identifier: GPL-2.0
/*
 * KVM on LoongArch: stage-2 translation (lvz.md 7).
 *
 * Each VM has a page table from guest physical to host physical addresses
 * in the host's own format, so that the host's TLB refill handler fills
 * stage-2 misses from it while the guest runs (switch.S points PGDL at
 * it). Pages are mapped when the guest first touches them: the refill
 * leaves an invalid entry, the guest's access faults, and that exit
 * (TLBL/TLBS/TLBI/TLBM, BADV = guest physical address) lands here. An
 * address outside every memslot is MMIO. Translations are dropped with
 * the VM's guest IDs: see kvm_arch_flush_remote_tlb().
 */
#include <linux/kvm_host.h>
#include <linux/pgalloc.h>
#include <asm/tlb.h>
#include "trace_kvm.h"

/* Stage 2 checks V, D, NR and NX only (lvz.md 7) */
#define S2_PROT_RO	(_PAGE_PRESENT | _PAGE_VALID | _CACHE_CC)
#define S2_PROT_RW	(S2_PROT_RO | _PAGE_WRITE | _PAGE_DIRTY)

/*
 * The PTE for @gpa, allocating missing tables from @cache; without a
 * cache, NULL when a table is missing. Called with mmu_lock held.
 */
static pte_t *stage2_pte(struct kvm *kvm, struct kvm_mmu_memory_cache *cache,
			 unsigned long gpa)
{
	pgd_t *pgd = pgd_offset_pgd(kvm->arch.pgd, gpa);
	p4d_t *p4d = p4d_offset(pgd, gpa);
	pud_t *pud = pud_offset(p4d, gpa);
	pmd_t *pmd;
	void *table;

	if (pud_none(*pud)) {
		if (!cache)
			return NULL;
		table = kvm_mmu_memory_cache_alloc(cache);
		pmd_init((unsigned long)table, (unsigned long)invalid_pte_table);
		pud_populate(NULL, pud, table);
	}
	pmd = pmd_offset(pud, gpa);
	if (pmd_none(*pmd)) {
		if (!cache)
			return NULL;
		table = kvm_mmu_memory_cache_alloc(cache);
		pmd_populate_kernel(NULL, pmd, table);
	}
	return pte_offset_kernel(pmd, gpa);
}

/* Apply @fn to every PTE present in [start, end); true if one changed */
static bool stage2_walk(struct kvm *kvm, gfn_t start, gfn_t end,
			bool (*fn)(struct kvm *kvm, pte_t *ptep))
{
	bool changed = false;
	gfn_t gfn;
	pte_t *ptep;

	for (gfn = start; gfn < end; gfn++) {
		ptep = stage2_pte(kvm, NULL, gfn << PAGE_SHIFT);
		if (ptep && !pte_none(*ptep))
			changed |= fn(kvm, ptep);
	}
	return changed;
}

static bool s2_unmap(struct kvm *kvm, pte_t *ptep)
{
	set_pte(ptep, __pte(0));
	kvm->stat.pages--;
	return true;
}

static bool s2_wrprotect(struct kvm *kvm, pte_t *ptep)
{
	if (!(pte_val(*ptep) & _PAGE_WRITE))
		return false;
	set_pte(ptep, __pte(pte_val(*ptep) & ~(_PAGE_WRITE | _PAGE_DIRTY)));
	return true;
}

/* stage2_walk() under mmu_lock, dropping the old translations if needed */
static void stage2_update(struct kvm *kvm, gfn_t start, gfn_t end,
			  bool (*fn)(struct kvm *kvm, pte_t *ptep))
{
	spin_lock(&kvm->mmu_lock);
	if (stage2_walk(kvm, start, end, fn))
		kvm_flush_remote_tlbs(kvm);
	spin_unlock(&kvm->mmu_lock);
}

/* Free every table of the stage-2 page table, leaving an empty one */
static void free_tables(struct kvm *kvm)
{
	pgd_t *pgd = kvm->arch.pgd;
	pmd_t *pmd;
	int i, j;

	for (i = 0; i < PTRS_PER_PGD; i++) {
		pud_t *pud = pud_offset(p4d_offset(pgd + i, 0), 0);

		if (pud_none(*pud))
			continue;
		pmd = pmd_offset(pud, 0);
		for (j = 0; j < PTRS_PER_PMD; j++) {
			if (!pmd_none(pmd[j]))
				free_page(pmd_page_vaddr(pmd[j]));
		}
		free_page((unsigned long)pmd);
		pud_clear(pud);
	}
	kvm->stat.pages = 0;
}

/**
 * kvm_loongarch_flush_gpa() - drop this CPU's stage-2 entry of a page
 * @vcpu: the vCPU, with its guest ID set for this CPU
 * @gpa: guest physical address
 */
void kvm_loongarch_flush_gpa(struct kvm_vcpu *vcpu, unsigned long gpa)
{
	invtlb(INVTLB_GID_ADDR, vcpu->arch.guest_gstat & CSR_GSTAT_GID,
	       gpa & PAGE_MASK);
}

static int map_page(struct kvm_vcpu *vcpu, struct kvm_memory_slot *slot,
		    unsigned long gpa, bool write)
{
	struct kvm *kvm = vcpu->kvm;
	gfn_t gfn = gpa >> PAGE_SHIFT;
	unsigned long mmu_seq, prot;
	bool writable;
	kvm_pfn_t pfn;
	pte_t *ptep;
	int ret;

	ret = kvm_mmu_topup_memory_cache(&vcpu->arch.mmu_cache,
					 KVM_ARCH_NR_OBJS_PER_MEMORY_CACHE);
	if (ret)
		return ret;

	mmu_seq = kvm->mmu_invalidate_seq;
	/* The sequence before the page: pairs with mmu_invalidate_retry() */
	smp_rmb();
	pfn = __gfn_to_pfn_memslot(slot, gfn, false, NULL, write, &writable,
				   NULL);
	if (is_error_noslot_pfn(pfn))
		return -EFAULT;

	/*
	 * A read maps a page read-only while its slot logs dirty pages, so
	 * that the first write faults and marks it.
	 */
	if (!write && kvm_slot_dirty_track_enabled(slot))
		writable = false;
	prot = writable ? S2_PROT_RW : S2_PROT_RO;

	spin_lock(&kvm->mmu_lock);
	if (mmu_invalidate_retry(kvm, mmu_seq))
		goto out;
	ptep = stage2_pte(kvm, &vcpu->arch.mmu_cache, gpa);
	if (pte_none(*ptep))
		kvm->stat.pages++;
	set_pte(ptep, pfn_pte(pfn, __pgprot(prot)));
	if (write)
		mark_page_dirty_in_slot(kvm, slot, gfn);
	trace_kvm_loongarch_map(vcpu, gpa, pfn, writable);
out:
	spin_unlock(&kvm->mmu_lock);
	kvm_release_pfn(pfn, write);
	kvm_loongarch_flush_gpa(vcpu, gpa);
	return RESUME_GUEST;
}

/**
 * kvm_loongarch_stage2_fault() - handle a stage-2 fault
 * @vcpu: the vCPU
 * @gpa: the guest physical address, from BADV
 * @write: the access was a store
 *
 * Maps the page when a memslot backs it; otherwise, and for stores to a
 * read-only slot, the access is MMIO. Fetches from MMIO, and addresses
 * beyond the guest physical address width, get an address error in the
 * guest (bad-inputs.md 16).
 *
 * Return: RESUME_GUEST, RESUME_HOST for an MMIO exit, or an errno.
 */
int kvm_loongarch_stage2_fault(struct kvm_vcpu *vcpu, unsigned long gpa,
			       bool write)
{
	unsigned int ecode = kvm_loongarch_exit_ecode(&vcpu->arch);
	struct kvm_memory_slot *slot;

	vcpu->stat.stage2_faults++;
	slot = gfn_to_memslot(vcpu->kvm, gpa >> PAGE_SHIFT);
	if (gpa < vcpu->kvm->arch.gpa_size && slot &&
	    !(slot->flags & KVM_MEMSLOT_INVALID) &&
	    !(write && (slot->flags & KVM_MEM_READONLY)))
		return map_page(vcpu, slot, gpa, write);

	if (ecode == EXCCODE_TLBI || ecode == EXCCODE_TLBNX ||
	    gpa >= vcpu->kvm->arch.gpa_size) {
		kvm_loongarch_inject_exception(vcpu, EXCCODE_ADE,
					       ecode == EXCCODE_TLBI ?
					       EXSUBCODE_ADEF : EXSUBCODE_ADEM,
					       gpa);
		return RESUME_GUEST;
	}
	return kvm_loongarch_emulate_mmio(vcpu, gpa);
}

int kvm_arch_prepare_memory_region(struct kvm *kvm,
				   const struct kvm_memory_slot *old,
				   struct kvm_memory_slot *new,
				   enum kvm_mr_change change)
{
	if (change == KVM_MR_CREATE || change == KVM_MR_MOVE) {
		if ((new->base_gfn + new->npages) << PAGE_SHIFT >
		    kvm->arch.gpa_size)
			return -EINVAL;
	}
	return 0;
}

void kvm_arch_commit_memory_region(struct kvm *kvm,
				   struct kvm_memory_slot *old,
				   const struct kvm_memory_slot *new,
				   enum kvm_mr_change change)
{
	/* Dirty logging starts: writes must fault again */
	if (change == KVM_MR_FLAGS_ONLY &&
	    !(old->flags & KVM_MEM_LOG_DIRTY_PAGES) &&
	    (new->flags & KVM_MEM_LOG_DIRTY_PAGES) &&
	    !kvm_dirty_log_manual_protect_and_init_set(kvm))
		stage2_update(kvm, new->base_gfn, new->base_gfn + new->npages,
			      s2_wrprotect);
}

void kvm_arch_flush_shadow_all(struct kvm *kvm)
{
	spin_lock(&kvm->mmu_lock);
	free_tables(kvm);
	kvm_flush_remote_tlbs(kvm);
	spin_unlock(&kvm->mmu_lock);
}

void kvm_arch_flush_shadow_memslot(struct kvm *kvm,
				   struct kvm_memory_slot *slot)
{
	stage2_update(kvm, slot->base_gfn, slot->base_gfn + slot->npages,
		      s2_unmap);
}

void kvm_arch_flush_remote_tlbs_memslot(struct kvm *kvm,
					const struct kvm_memory_slot *memslot)
{
	kvm_flush_remote_tlbs(kvm);
}

void kvm_arch_sync_dirty_log(struct kvm *kvm, struct kvm_memory_slot *memslot)
{
}

void kvm_arch_mmu_enable_log_dirty_pt_masked(struct kvm *kvm,
					     struct kvm_memory_slot *slot,
					     gfn_t gfn_offset,
					     unsigned long mask)
{
	gfn_t base = slot->base_gfn + gfn_offset;

	while (mask) {
		gfn_t gfn = base + __ffs(mask);

		stage2_walk(kvm, gfn, gfn + 1, s2_wrprotect);
		mask &= mask - 1;
	}
}

bool kvm_unmap_gfn_range(struct kvm *kvm, struct kvm_gfn_range *range)
{
	return stage2_walk(kvm, range->start, range->end, s2_unmap);
}

bool kvm_set_spte_gfn(struct kvm *kvm, struct kvm_gfn_range *range)
{
	/* The new page is mapped when the guest touches it again */
	return stage2_walk(kvm, range->start, range->end, s2_unmap);
}

/*
 * Page aging. As in the host's own page tables, the valid bit is the
 * accessed bit: an old page is mapped but invalid, so the guest's next
 * access faults, and map_page() makes it valid, and young, again.
 */
static bool s2_mkold(struct kvm *kvm, pte_t *ptep)
{
	if (!(pte_val(*ptep) & _PAGE_VALID))
		return false;
	set_pte(ptep, __pte(pte_val(*ptep) & ~_PAGE_VALID));
	return true;
}

static bool s2_young(struct kvm *kvm, pte_t *ptep)
{
	return pte_val(*ptep) & _PAGE_VALID;
}

bool kvm_age_gfn(struct kvm *kvm, struct kvm_gfn_range *range)
{
	return stage2_walk(kvm, range->start, range->end, s2_mkold);
}

bool kvm_test_age_gfn(struct kvm *kvm, struct kvm_gfn_range *range)
{
	return stage2_walk(kvm, range->start, range->end, s2_young);
}
