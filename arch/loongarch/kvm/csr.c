// SPDX-License-Identifier: GPL-2.0
/*
 * KVM on LoongArch: the guest CSRs.
 *
 * One table describes every CSR a guest has. The CSRs of the guest CSR
 * file (lvz.md 4, "HW") live in the hardware while the vCPU is loaded and
 * in vcpu->arch.csr[] otherwise; the others ("SW") are KVM's to emulate
 * when a guest access traps with GSPR, and always live in csr[]. The same
 * table serves the world switch (load and put), the emulation, ONE_REG
 * and KVM_GET_REG_LIST, and reset.
 */
#include <linux/bsearch.h>
#include <linux/kvm_host.h>
#include "trace_kvm.h"

/* CSRs whose load and put belong to timer.c, not to the generic loop */
#define CSR_F_TIMER	BIT(0)
/* Computed by the hardware from others: saved, never loaded */
#define CSR_F_DERIVED	BIT(1)
/* Read-only for the guest (lvz.md 4): loaded, never saved */
#define CSR_F_RO	BIT(2)

struct csr_desc {
	u16 num;
	u16 flags;
	const char *name;
	u64 reset;
	u64 wmask;			/* SW: the bits a guest can write */
	u64 (*read)(void);		/* HW: gcsrrd */
	void (*write)(u64 v);		/* HW: gcsrwr */
};

/* gcsrrd and gcsrwr of each HW CSR: they take the CSR number as a constant */
#define HW(name, rst, fl)						\
static u64 read_##name(void)						\
{									\
	return gcsr_read(LOONGARCH_CSR_##name);				\
}									\
									\
static void write_##name(u64 v)						\
{									\
	gcsr_write(v, LOONGARCH_CSR_##name);				\
}

#define SW(name, rst, mask)
#include "guest_csrs.h"
#undef HW
#undef SW

static const struct csr_desc csr_descs[] = {
#define HW(n, rst, fl) {						\
	.num = LOONGARCH_CSR_##n, .flags = fl, .name = #n, .reset = rst, \
	.read = read_##n, .write = write_##n,				\
},
#define SW(n, rst, mask) {						\
	.num = LOONGARCH_CSR_##n, .name = #n, .reset = rst, .wmask = mask, \
},
#include "guest_csrs.h"
#undef HW
#undef SW
};

static int cmp_csr(const void *key, const void *elt)
{
	const struct csr_desc *d = elt;

	return (int)(unsigned long)key - d->num;
}

static const struct csr_desc *find_csr(unsigned int num)
{
	return bsearch((void *)(unsigned long)num, csr_descs,
		       ARRAY_SIZE(csr_descs), sizeof(csr_descs[0]), cmp_csr);
}

/**
 * kvm_loongarch_csr_check_table() - check the CSR table is usable
 *
 * Return: 0, or -EINVAL naming the first entry out of order.
 */
int kvm_loongarch_csr_check_table(void)
{
	int i;

	for (i = 1; i < ARRAY_SIZE(csr_descs); i++) {
		if (csr_descs[i].num <= csr_descs[i - 1].num) {
			kvm_err("guest CSR table: %s out of order\n",
				csr_descs[i].name);
			return -EINVAL;
		}
	}
	return 0;
}

/**
 * kvm_loongarch_csr_count() - number of guest CSRs
 *
 * Return: the number of entries of the guest CSR table.
 */
int kvm_loongarch_csr_count(void)
{
	return ARRAY_SIZE(csr_descs);
}

/**
 * kvm_loongarch_csr_index() - number of the i-th guest CSR
 * @i: index in the table, below kvm_loongarch_csr_count()
 *
 * Return: the CSR number.
 */
int kvm_loongarch_csr_index(int i)
{
	return csr_descs[i].num;
}

/**
 * kvm_loongarch_csr_reset() - reset the guest CSRs of a vCPU
 * @vcpu: the vCPU, not loaded
 */
void kvm_loongarch_csr_reset(struct kvm_vcpu *vcpu)
{
	int i;

	for (i = 0; i < ARRAY_SIZE(csr_descs); i++)
		vcpu->arch.csr[csr_descs[i].num] = csr_descs[i].reset;
	/* The configuration words the guest reads are the host's */
	vcpu->arch.csr[LOONGARCH_CSR_PRCFG1] = csr_read64(LOONGARCH_CSR_PRCFG1);
	vcpu->arch.csr[LOONGARCH_CSR_PRCFG2] = csr_read64(LOONGARCH_CSR_PRCFG2);
	vcpu->arch.csr[LOONGARCH_CSR_PRCFG3] = csr_read64(LOONGARCH_CSR_PRCFG3);
	vcpu->arch.csr[LOONGARCH_CSR_GINTC] = 0;
	/* No CPUID until userspace sets one */
	vcpu->arch.csr[LOONGARCH_CSR_CPUID] = KVM_MAX_PHYID;
	vcpu->arch.csr_changed = true;
	vcpu->arch.csr_cpu = -1;
}

/*
 * The vCPU whose guest CSRs this CPU's guest CSR file holds: the last one
 * loaded here, until another is, a vCPU is freed, or the CPU leaves
 * virtualization. Written with interrupts disabled on the CPU itself;
 * only vCPU destruction writes from elsewhere, with cmpxchg.
 */
static DEFINE_PER_CPU(struct kvm_vcpu *, csr_owner);

/**
 * kvm_loongarch_csr_load() - put a vCPU's guest CSRs into the hardware
 * @vcpu: the vCPU being loaded on this CPU, interrupts disabled
 *
 * The CSRs that kvm_loongarch_csr_put() last saved are still in the
 * hardware if that was on this CPU, no other vCPU was loaded here since,
 * and nothing changed them in csr[] (csr_changed): then they are not
 * written again.
 */
void kvm_loongarch_csr_load(struct kvm_vcpu *vcpu)
{
	u64 *csr = vcpu->arch.csr;

	if (__this_cpu_read(csr_owner) != vcpu ||
	    vcpu->arch.csr_cpu != smp_processor_id() ||
	    vcpu->arch.csr_changed) {
#define HW(name, rst, fl) {					\
		if (!((fl) & (CSR_F_TIMER | CSR_F_DERIVED)))		\
			gcsr_write(csr[LOONGARCH_CSR_##name],		\
				   LOONGARCH_CSR_##name);		\
	}
#define SW(name, rst, mask)
#include "guest_csrs.h"
#undef HW
#undef SW
		__this_cpu_write(csr_owner, vcpu);
		vcpu->arch.csr_changed = false;
		/* The LLbit in the hardware is the last guest's, of any VM */
		kvm_loongarch_clear_llbit();
	}
	/* Root's view of this guest: virtual interrupts, counter offset */
	csr_write64(csr[LOONGARCH_CSR_GINTC], LOONGARCH_CSR_GINTC);
	csr_write64(vcpu->kvm->arch.time_offset, LOONGARCH_CSR_GCNTC);
}

/**
 * kvm_loongarch_csr_forget() - no CPU holds a vCPU's guest CSRs any more
 * @vcpu: the vCPU being destroyed
 *
 * A vCPU allocated later at the same address must not find them.
 */
void kvm_loongarch_csr_forget(struct kvm_vcpu *vcpu)
{
	int cpu;

	for_each_possible_cpu(cpu)
		cmpxchg(per_cpu_ptr(&csr_owner, cpu), vcpu, NULL);
}

/**
 * kvm_loongarch_csr_forget_cpu() - this CPU's guest CSR file is no vCPU's
 *
 * For a CPU entering or leaving virtualization, whose guest CSRs are
 * reset or lost.
 */
void kvm_loongarch_csr_forget_cpu(void)
{
	__this_cpu_write(csr_owner, NULL);
}

/**
 * kvm_loongarch_clear_llbit() - clear the guest's LLbit
 *
 * The guest's LLbit survives exits (lvz.md 4): after a switch to another
 * vCPU, or a change of the guest's mapping, the hypervisor clears it, so
 * that an sc cannot pass on the strength of an ll that no longer applies.
 * LLBCTL.KLO stays as the guest set it.
 */
void kvm_loongarch_clear_llbit(void)
{
	gcsr_xchg(CSR_LLBCTL_WCLLB, CSR_LLBCTL_WCLLB, LOONGARCH_CSR_LLBCTL);
}

/**
 * kvm_loongarch_csr_put() - save a vCPU's guest CSRs from the hardware
 * @vcpu: the vCPU being put
 */
void kvm_loongarch_csr_put(struct kvm_vcpu *vcpu)
{
	u64 *csr = vcpu->arch.csr;

#define HW(name, rst, fl) {					\
		if (!((fl) & (CSR_F_TIMER | CSR_F_RO)))			\
			csr[LOONGARCH_CSR_##name] =			\
				gcsr_read(LOONGARCH_CSR_##name);	\
	}
#define SW(name, rst, mask)
#include "guest_csrs.h"
#undef HW
#undef SW
	csr[LOONGARCH_CSR_GINTC] = csr_read64(LOONGARCH_CSR_GINTC);
	vcpu->arch.csr_cpu = smp_processor_id();
}

/**
 * kvm_loongarch_csr_get() - a guest CSR for ONE_REG
 * @vcpu: the vCPU, not loaded
 * @num: CSR number
 * @v: the value
 *
 * Return: 0, or -EINVAL if @num is not a guest CSR.
 */
int kvm_loongarch_csr_get(struct kvm_vcpu *vcpu, unsigned int num, u64 *v)
{
	u64 *csr = vcpu->arch.csr;

	if (!find_csr(num))
		return -EINVAL;
	*v = csr[num];
	if (num == LOONGARCH_CSR_ESTAT) {
		/* With the interrupts queued for delivery at the next entry */
		*v |= (csr[LOONGARCH_CSR_GINTC] & CSR_GINTC_VIP) << KVM_IRQ_HWI0;
		*v |= READ_ONCE(vcpu->arch.irq_pending);
		*v &= ~READ_ONCE(vcpu->arch.irq_clear);
	}
	return 0;
}

/**
 * kvm_loongarch_csr_set() - set a guest CSR for ONE_REG
 * @vcpu: the vCPU, not loaded
 * @num: CSR number
 * @v: the value
 *
 * An ESTAT write splits the hardware interrupt bits back into GINTC;
 * a TVAL write sets the timer's deadline.
 * CPUID is below KVM_MAX_PHYID, unique in the VM and set once.
 *
 * Return: 0, or -EINVAL.
 */
int kvm_loongarch_csr_set(struct kvm_vcpu *vcpu, unsigned int num, u64 v)
{
	struct kvm_arch *ka = &vcpu->kvm->arch;
	u64 *csr = vcpu->arch.csr;
	int ret = 0;

	if (!find_csr(num))
		return -EINVAL;

	vcpu->arch.csr_changed = true;
	switch (num) {
	case LOONGARCH_CSR_ESTAT:
		csr[LOONGARCH_CSR_GINTC] &= ~CSR_GINTC_VIP;
		csr[LOONGARCH_CSR_GINTC] |= (v & KVM_IRQ_HWI_MASK) >> KVM_IRQ_HWI0;
		csr[num] = v & ~KVM_IRQ_HWI_MASK;
		break;
	case LOONGARCH_CSR_TVAL:
		kvm_loongarch_timer_set_tval(vcpu, v);
		break;
	case LOONGARCH_CSR_CPUID:
		if (v >= KVM_MAX_PHYID)
			return -EINVAL;
		if (v == csr[num])
			break;
		if (csr[num] < KVM_MAX_PHYID)
			return -EINVAL;
		spin_lock(&ka->cpuid_lock);
		if (ka->cpuid_map[v]) {
			ret = -EINVAL;
		} else {
			ka->cpuid_map[v] = vcpu;
			csr[num] = v;
		}
		spin_unlock(&ka->cpuid_lock);
		break;
	default:
		csr[num] = v;
	}
	return ret;
}

/**
 * kvm_loongarch_emulate_csr() - emulate a guest csrrd/csrwr/csrxchg
 * @vcpu: the vCPU, loaded
 * @insn: the instruction, from BADI
 *
 * Only CSRs outside the guest CSR file trap (lvz.md 4). Those in the
 * table read and write csr[], under their writable mask; others read as
 * 0 and ignore writes, as on the host. csrxchg returns the whole old
 * value.
 *
 * Return: RESUME_GUEST.
 */
int kvm_loongarch_emulate_csr(struct kvm_vcpu *vcpu, u32 insn)
{
	unsigned int num = (insn >> 10) & 0x3fff;
	unsigned int rj = (insn >> 5) & 0x1f, rd = insn & 0x1f;
	const struct csr_desc *d = find_csr(num);
	unsigned long *gpr = vcpu->arch.gprs;
	u64 old = 0, new, mask;

	if (d && !d->read) {
		old = vcpu->arch.csr[num];
		if (rj) {
			/* csrwr writes rd, csrxchg rd under the mask in rj */
			mask = rj == 1 ? ~0ULL : gpr[rj];
			new = (old & ~mask) | (gpr[rd] & mask);
			vcpu->arch.csr[num] = (old & ~d->wmask) | (new & d->wmask);
		}
	}
	trace_kvm_loongarch_csr(vcpu, num, rj ? (rj == 1 ? 1 : 2) : 0, old);
	if (rd)
		gpr[rd] = old;
	return RESUME_GUEST;
}
