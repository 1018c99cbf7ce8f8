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
#define S2_PROT_RO	(_PAGE_PRESENT | _PAGE_VALID)
#define S2_PROT_RW	(S2_PROT_RO | _PAGE_WRITE | _PAGE_DIRTY)

/*
 * The stage-2 table has the layout of the host's own page tables, with
 * CONFIG_PGTABLE_LEVELS levels, and the same conventions: an empty entry
 * of an upper level points to the invalid table of the level below, an
 * empty PTE is 0. The generic p4d/pud/pmd helpers fold the levels a
 * layout does not have, so the code below serves every layout; where a
 * level is folded, its "table" is the entry of the level above.
 *
 * New tables are filled before their entry is published, and another
 * CPU's refill walker may follow the entry as soon as it is written: an
 * smp_wmb() between the two orders them.
 */

#ifndef __PAGETABLE_PUD_FOLDED
static void new_pud_table(p4d_t *p4d, struct kvm_mmu_memory_cache *cache)
{
	pud_t *pud = kvm_mmu_memory_cache_alloc(cache);
	int i;

	for (i = 0; i < PTRS_PER_PUD; i++)
		pud_clear(pud + i);
	smp_wmb();	/* the table before the entry: see above */
	p4d_populate(NULL, p4d, pud);
}
#else
static inline void new_pud_table(p4d_t *p4d, struct kvm_mmu_memory_cache *c)
{
}
#endif

#ifndef __PAGETABLE_PMD_FOLDED
static void new_pmd_table(pud_t *pud, struct kvm_mmu_memory_cache *cache)
{
	pmd_t *pmd = kvm_mmu_memory_cache_alloc(cache);
	int i;

	for (i = 0; i < PTRS_PER_PMD; i++)
		pmd_clear(pmd + i);
	smp_wmb();	/* the table before the entry */
	pud_populate(NULL, pud, pmd);
}
#else
static inline void new_pmd_table(pud_t *pud, struct kvm_mmu_memory_cache *c)
{
}
#endif

static void new_pte_table(pmd_t *pmd, struct kvm_mmu_memory_cache *cache)
{
	pte_t *pte = kvm_mmu_memory_cache_alloc(cache);	/* zeroed: empty */

	smp_wmb();	/* the table before the entry */
	pmd_populate_kernel(NULL, pmd, pte);
}

/*
 * The PTE for @gpa, allocating missing tables from @cache, which must
 * hold one per level; without a @cache, NULL if a table is missing.
 * Called with mmu_lock held.
 */
static pte_t *stage2_pte(struct kvm *kvm, struct kvm_mmu_memory_cache *cache,
			 unsigned long gpa)
{
	pgd_t *pgd = pgd_offset_pgd(kvm->arch.pgd, gpa);
	p4d_t *p4d = p4d_offset(pgd, gpa);
	pud_t *pud;
	pmd_t *pmd;

	if (p4d_none(*p4d)) {
		if (!cache)
			return NULL;
		new_pud_table(p4d, cache);
	}
	pud = pud_offset(p4d, gpa);
	if (pud_none(*pud)) {
		if (!cache)
			return NULL;
		new_pmd_table(pud, cache);
	}
	pmd = pmd_offset(pud, gpa);
	if (pmd_none(*pmd)) {
		if (!cache)
			return NULL;
		new_pte_table(pmd, cache);
	}
	return pte_offset_kernel(pmd, gpa);
}

/*
 * A walk of the PTEs of a range: table by table, skipping every range
 * that has no table. A walk that may yield drops mmu_lock when someone
 * waits for it or the CPU should reschedule, after dropping the stale
 * translations of what it changed so far.
 */
struct s2_walk {
	struct kvm *kvm;
	bool (*fn)(struct kvm *kvm, pte_t *ptep);
	bool may_yield;
	bool flush;		/* PTEs changed since the last TLB flush */
};

static void walk_yield(struct s2_walk *w)
{
	if (!w->may_yield ||
	    (!need_resched() && !spin_needbreak(&w->kvm->mmu_lock)))
		return;
	if (w->flush) {
		kvm_flush_remote_tlbs(w->kvm);
		w->flush = false;
	}
	cond_resched_lock(&w->kvm->mmu_lock);
}

static void walk_ptes(struct s2_walk *w, pmd_t *pmd, unsigned long addr,
		      unsigned long end)
{
	pte_t *ptep = pte_offset_kernel(pmd, addr);

	for (; addr != end; ptep++, addr += PAGE_SIZE) {
		if (!pte_none(*ptep) && w->fn(w->kvm, ptep))
			w->flush = true;
	}
}

static void walk_pmds(struct s2_walk *w, pud_t *pud, unsigned long addr,
		      unsigned long end)
{
	pmd_t *pmd = pmd_offset(pud, addr);
	unsigned long next;

	do {
		next = pmd_addr_end(addr, end);
		if (!pmd_none(*pmd))
			walk_ptes(w, pmd, addr, next);
		walk_yield(w);
	} while (pmd++, addr = next, addr != end);
}

static void walk_puds(struct s2_walk *w, p4d_t *p4d, unsigned long addr,
		      unsigned long end)
{
	pud_t *pud = pud_offset(p4d, addr);
	unsigned long next;

	do {
		next = pud_addr_end(addr, end);
		if (!pud_none(*pud))
			walk_pmds(w, pud, addr, next);
	} while (pud++, addr = next, addr != end);
}

/*
 * Apply @fn to every PTE present in [start, end); true if one changed
 * since the walk last dropped the old translations (only a walk that
 * yields does)
 */
static bool stage2_walk(struct kvm *kvm, gfn_t start, gfn_t end,
			bool (*fn)(struct kvm *kvm, pte_t *ptep),
			bool may_yield)
{
	struct s2_walk w = { .kvm = kvm, .fn = fn, .may_yield = may_yield };
	unsigned long addr = start << PAGE_SHIFT, next;
	unsigned long stop = min_t(unsigned long, end << PAGE_SHIFT,
				   kvm->arch.gpa_size);
	pgd_t *pgd = pgd_offset_pgd(kvm->arch.pgd, addr);
	p4d_t *p4d;

	if (addr >= stop)
		return false;
	do {
		next = pgd_addr_end(addr, stop);
		p4d = p4d_offset(pgd, addr);
		if (!p4d_none(*p4d))
			walk_puds(&w, p4d, addr, next);
	} while (pgd++, addr = next, addr != stop);
	return w.flush;
}

static bool s2_unmap(struct kvm *kvm, pte_t *ptep)
{
	set_pte(ptep, __pte(0));
	kvm->stat.pages--;
	return true;
}

/*
 * Write protection for dirty logging clears D, which the hardware checks,
 * and keeps _PAGE_WRITE: the host's page is still writable, and a write
 * fault sets D again without looking it up (rewrite_page()).
 */
static bool s2_wrprotect(struct kvm *kvm, pte_t *ptep)
{
	if (!(pte_val(*ptep) & _PAGE_DIRTY))
		return false;
	set_pte(ptep, __pte(pte_val(*ptep) & ~_PAGE_DIRTY));
	return true;
}

/*
 * stage2_walk() of a memslot's range under mmu_lock, yielding it, and
 * dropping the old translations. Memslots can be as large as the guest
 * physical address space: no CPU may hold the lock for all of it.
 */
static void stage2_update(struct kvm *kvm, gfn_t start, gfn_t end,
			  bool (*fn)(struct kvm *kvm, pte_t *ptep))
{
	spin_lock(&kvm->mmu_lock);
	if (stage2_walk(kvm, start, end, fn, true))
		kvm_flush_remote_tlbs(kvm);
	spin_unlock(&kvm->mmu_lock);
}

/* Free every table of the stage-2 page table, each once */
static void free_pmds(pud_t *pud)
{
	pmd_t *pmd = pmd_offset(pud, 0);
	int i;

	for (i = 0; i < PTRS_PER_PMD; i++) {
		if (pmd_none(pmd[i]))
			continue;
		free_page(pmd_page_vaddr(pmd[i]));
		pmd_clear(pmd + i);
	}
#ifndef __PAGETABLE_PMD_FOLDED
	free_page((unsigned long)pmd);
	pud_clear(pud);
#endif
}

static void free_puds(p4d_t *p4d)
{
	pud_t *pud = pud_offset(p4d, 0);
	int i;

	for (i = 0; i < PTRS_PER_PUD; i++) {
		if (!pud_none(pud[i]))
			free_pmds(pud + i);
	}
#ifndef __PAGETABLE_PUD_FOLDED
	free_page((unsigned long)pud);
	p4d_clear(p4d);
#endif
}

static void free_tables(struct kvm *kvm)
{
	p4d_t *p4d;
	int i;

	for (i = 0; i < PTRS_PER_PGD; i++) {
		p4d = p4d_offset(kvm->arch.pgd + i, 0);
		if (!p4d_none(*p4d))
			free_puds(p4d);
	}
	kvm->stat.pages = 0;
}

/**
 * kvm_loongarch_flush_gpa() - drop this CPU's stage-2 entry of a page
 * @vcpu: the vCPU, about to enter the guest, with interrupts disabled
 *
 * After a fault mapped a page, the entry that the refill left for it (an
 * invalid one) must go, on the CPU that runs the vCPU and under the guest
 * ID it runs with: that is known only on the way into the guest.
 */
void kvm_loongarch_flush_gpa(struct kvm_vcpu *vcpu)
{
	lockdep_assert(irqs_disabled());
	if (vcpu->arch.flush_gpa == KVM_LOONGARCH_NO_GPA)
		return;
	invtlb(INVTLB_GID_ADDR, vcpu->arch.guest_gstat & CSR_GSTAT_GID,
	       vcpu->arch.flush_gpa & PAGE_MASK);
	vcpu->arch.flush_gpa = KVM_LOONGARCH_NO_GPA;
}

/*
 * A write to a page that is mapped, writable for the host, and write
 * protected for dirty logging only (s2_wrprotect()): D set again and the
 * page marked, without looking the page up. Any change of the host's
 * mapping since would have unmapped it (kvm_unmap_gfn_range()).
 *
 * Return: true if the fault was that and is done.
 */
static bool rewrite_page(struct kvm_vcpu *vcpu, struct kvm_memory_slot *slot,
			 unsigned long gpa)
{
	struct kvm *kvm = vcpu->kvm;
	unsigned long old;
	bool done = false;
	pte_t *ptep;

	spin_lock(&kvm->mmu_lock);
	ptep = stage2_pte(kvm, NULL, gpa);
	old = ptep ? pte_val(*ptep) : 0;
	if ((old & (_PAGE_VALID | _PAGE_WRITE | _PAGE_DIRTY)) ==
	    (_PAGE_VALID | _PAGE_WRITE)) {
		set_pte(ptep, __pte(old | _PAGE_DIRTY));
		kvm_set_pfn_dirty(pte_pfn(__pte(old)));
		mark_page_dirty_in_slot(kvm, slot, gpa >> PAGE_SHIFT);
		vcpu->arch.flush_gpa = gpa;
		done = true;
	}
	spin_unlock(&kvm->mmu_lock);
	return done;
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
	/* Only RAM may be cached: anything else is a device's */
	prot |= pfn_valid(pfn) ? _CACHE_CC : _CACHE_SUC;

	spin_lock(&kvm->mmu_lock);
	if (mmu_invalidate_retry(kvm, mmu_seq))
		goto out;
	ptep = stage2_pte(kvm, &vcpu->arch.mmu_cache, gpa);
	if (pte_none(*ptep))
		kvm->stat.pages++;
	set_pte(ptep, pfn_pte(pfn, __pgprot(prot)));
	/* A page the guest can write without a fault is dirty already */
	if (writable) {
		kvm_set_pfn_dirty(pfn);
		mark_page_dirty_in_slot(kvm, slot, gfn);
	}
	vcpu->arch.flush_gpa = gpa;
	trace_kvm_loongarch_map(vcpu, gpa, pfn, writable);
out:
	spin_unlock(&kvm->mmu_lock);
	kvm_release_pfn_clean(pfn);
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
 * guest (bad-inputs.md 16). A slot that is being deleted or moved still
 * covers its range until the change is done: the access is retried
 * until then, so that it finds either the old or the new memory map.
 *
 * Return: RESUME_GUEST, RESUME_HOST for an MMIO exit, or an errno.
 */
int kvm_loongarch_stage2_fault(struct kvm_vcpu *vcpu, unsigned long gpa,
			       bool write)
{
	unsigned int ecode = kvm_loongarch_exit_ecode(&vcpu->arch);
	struct kvm_memory_slot *slot = NULL;
	bool in_range = gpa < vcpu->kvm->arch.gpa_size;

	vcpu->stat.stage2_faults++;
	if (in_range)
		slot = gfn_to_memslot(vcpu->kvm, gpa >> PAGE_SHIFT);
	if (slot && (slot->flags & KVM_MEMSLOT_INVALID))
		return RESUME_GUEST;
	if (slot && !(write && (slot->flags & KVM_MEM_READONLY))) {
		if (write && rewrite_page(vcpu, slot, gpa))
			return RESUME_GUEST;
		return map_page(vcpu, slot, gpa, write);
	}

	if (ecode == EXCCODE_TLBI || ecode == EXCCODE_TLBNX || !in_range) {
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

		stage2_walk(kvm, gfn, gfn + 1, s2_wrprotect, false);
		mask &= mask - 1;
	}
}

bool kvm_unmap_gfn_range(struct kvm *kvm, struct kvm_gfn_range *range)
{
	return stage2_walk(kvm, range->start, range->end, s2_unmap,
			   false);
}

bool kvm_set_spte_gfn(struct kvm *kvm, struct kvm_gfn_range *range)
{
	/* The new page is mapped when the guest touches it again */
	return stage2_walk(kvm, range->start, range->end, s2_unmap,
			   false);
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
	return stage2_walk(kvm, range->start, range->end, s2_mkold,
			   false);
}

bool kvm_test_age_gfn(struct kvm *kvm, struct kvm_gfn_range *range)
{
	return stage2_walk(kvm, range->start, range->end, s2_young,
			   false);
}
