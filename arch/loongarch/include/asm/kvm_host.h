/* SPDX-License-Identifier: GPL-2.0 */
/*
 * KVM on LoongArch hosts with the virtualization extension (LVZ).
 */
#ifndef __ASM_LOONGARCH_KVM_HOST_H
#define __ASM_LOONGARCH_KVM_HOST_H

#include <linux/bitfield.h>
#include <linux/hrtimer.h>
#include <linux/kvm.h>
#include <linux/kvm_types.h>
#include <linux/spinlock.h>
#include <linux/types.h>
#include <asm/kvm_lvz.h>
#include <asm/loongarch.h>
#include <linux/processor.h>

#define KVM_MAX_VCPUS			256
#define KVM_HALT_POLL_NS_DEFAULT	500000

#define KVM_ARCH_WANT_MMU_NOTIFIER

/* Dirty logging can start with every page dirty (manual protect) */
#define KVM_DIRTY_LOG_MANUAL_CAPS	(KVM_DIRTY_LOG_MANUAL_PROTECT_ENABLE | \
					 KVM_DIRTY_LOG_INITIALLY_SET)

/* The largest CPUID a vCPU may have: also the size of the CPUID map */
#define KVM_MAX_PHYID			256

/* Guest CSR numbers run from CRMD (0) to DMWIN3 (0x183) */
#define KVM_LOONGARCH_CSRS		(LOONGARCH_CSR_DMWIN3 + 1)

/*
 * What an exit handler tells the run loop. Errors are negative and end
 * KVM_RUN with that errno.
 */
enum kvm_loongarch_resume {
	RESUME_HOST = 0,	/* return to userspace, run->exit_reason set */
	RESUME_GUEST = 1,	/* enter the guest again */
};

struct kvm_vm_stat {
	struct kvm_vm_stat_generic generic;
	u64 pages;
};

/* Exits by class, see exit.c */
struct kvm_vcpu_stat {
	struct kvm_vcpu_stat_generic generic;
	u64 int_exits;
	u64 gspr_exits;
	u64 cpucfg_exits;
	u64 csr_exits;
	u64 iocsr_exits;
	u64 idle_exits;
	u64 cache_exits;
	u64 hypercall_exits;
	u64 mmio_exits;
	u64 stage2_faults;
	u64 fpu_exits;
	u64 unknown_exits;
	u64 signal_exits;
};

struct kvm_arch_memory_slot {
};

struct kvm_arch {
	/* Stage-2 page table, guest physical to host physical */
	pgd_t *pgd;
	/* Guest physical addresses are below this */
	unsigned long gpa_size;
	/* Per CPU: the VM's guest ID there, with the allocator generation */
	u64 __percpu *gid;
	/* Per CPU: the vCPU that last ran there */
	struct kvm_vcpu * __percpu *last_vcpu;
	/* Guest counter minus host counter: GCNTC while the VM runs */
	s64 time_offset;
	/*
	 * Paravirtual features (BIT(KVM_FEATURE_*)), set by userspace
	 * through each vCPU, the same for all: under kvm->lock
	 */
	u64 pv_features;
	bool pv_features_set;
	/* vCPU by guest CPUID, each CPUID used at most once */
	spinlock_t cpuid_lock;
	struct kvm_vcpu *cpuid_map[KVM_MAX_PHYID];
};

/* The fixed part of a vCPU that switch.S uses, offsets in asm-offsets */
struct kvm_vcpu_arch {
	/* Guest state that switch.S saves and loads */
	unsigned long gprs[32];
	unsigned long pc;

	/* What the guest's last exit left in root's CSRs */
	unsigned long exit_estat;
	unsigned long exit_badv;
	unsigned long exit_badi;

	/* Host state that switch.S saves while the guest runs */
	unsigned long host_sp;
	unsigned long host_tp;
	unsigned long host_u0;		/* the per-CPU base */
	unsigned long host_eentry;
	unsigned long host_ecfg;
	unsigned long host_pgdl;
	unsigned long host_tlbrentry;

	/* Root state that switch.S loads to run the guest */
	unsigned long guest_eentry;	/* the exception entry copy */
	unsigned long guest_tlbrentry;	/* the stage-2 refill, physical */
	unsigned long guest_pgdl;	/* the stage-2 table */
	unsigned long guest_gstat;	/* PVM and the guest ID */
	unsigned long guest_gtlbc;	/* USETGID and TGID = the guest ID */
	/* Exit handler, see kvm_loongarch_handle_exit() */
	int (*handle_exit)(struct kvm_run *run, struct kvm_vcpu *vcpu);

	/* Guest CSRs, indexed by CSR number (see csr.c) */
	u64 csr[KVM_LOONGARCH_CSRS];
	/* csr[] changed while the vCPU was put: the next load writes it all */
	bool csr_changed;
	/* The CPU where csr[] was last saved from the hardware */
	int csr_cpu;
	u32 cpucfg[KVM_MAX_CPUCFG_REGS];

	/* Interrupts to raise and to lower in the guest: ESTAT.IS bits */
	unsigned long irq_pending;
	unsigned long irq_clear;

	/*
	 * FP and vector state of the guest, in the hardware as wide as
	 * fpu_unit says (KVM_LOONGARCH_FPU_*, see fpu.c)
	 */
	struct loongarch_fpu fpu FPU_ALIGN;
	unsigned int fpu_unit;

	/* Guest timer while the vCPU is not loaded */
	struct hrtimer swtimer;
	bool swtimer_started;		/* since the last load */
	ktime_t timer_expires;		/* when TVAL reaches 0 */

	/* An exit that the next KVM_RUN completes, see insn.c */
	struct {
		u8 kind;		/* KVM_LOONGARCH_IO_* */
		u8 len;			/* bytes loaded */
		u8 rd;			/* the GPR that receives them */
		bool sign;		/* sign- rather than zero-extended */
	} io;

	/* Page-table pages for stage-2 faults */
	struct kvm_mmu_memory_cache mmu_cache;
	/* A page that a fault mapped: its refilled entry is stale */
	unsigned long flush_gpa;

	/* CPU the vCPU last ran on, for guest TLB ownership */
	int last_cpu;
	/* The guest ID (with its generation) it last ran with there */
	u64 gid;

	/* Steal time (pv.c): the guest's area, and what it last got */
	struct {
		u64 guest_addr;		/* as the guest gave it, bit 0: valid */
		u64 last_steal;		/* run_delay at the last update */
		bool preempted;		/* the area says so (PREEMPT) */
		struct gfn_to_hva_cache cache;
	} st;
};

/* The steal-time area is due for an update (pv.c) */
#define KVM_REQ_STEAL_UPDATE	KVM_ARCH_REQ(0)

/* No page in vcpu->arch.flush_gpa */
#define KVM_LOONGARCH_NO_GPA	(~0UL)

/* The Ecode of the guest's last exit */
static inline unsigned int
kvm_loongarch_exit_ecode(const struct kvm_vcpu_arch *arch)
{
	return FIELD_GET(CSR_ESTAT_EXC, arch->exit_estat);
}

/* What the next KVM_RUN completes */
enum {
	KVM_LOONGARCH_IO_NONE,
	KVM_LOONGARCH_IO_MMIO_LOAD,	/* a load from run->mmio.data */
	KVM_LOONGARCH_IO_IOCSR_LOAD,	/* a load from run->iocsr_io.data */
	KVM_LOONGARCH_IO_HYPERCALL,	/* a0 from run->hypercall.ret */
};

/* Interrupt numbers of KVM_INTERRUPT: ESTAT.IS bit indices */
#define KVM_IRQ_SWI0		0
#define KVM_IRQ_SWI1		1
#define KVM_IRQ_HWI0		2
#define KVM_IRQ_HWI7		9
#define KVM_IRQ_TIMER		11
#define KVM_IRQ_IPI		12
/* HWI0-7: the interrupts that reach the guest through GINTC.VIP */
#define KVM_IRQ_HWI_MASK	GENMASK(KVM_IRQ_HWI7, KVM_IRQ_HWI0)
#define KVM_IRQ_VALID		(GENMASK(KVM_IRQ_HWI7, 0) | \
				 BIT(KVM_IRQ_TIMER) | BIT(KVM_IRQ_IPI))

static inline void kvm_arch_hardware_unsetup(void) {}
static inline void kvm_arch_sync_events(struct kvm *kvm) {}
static inline void kvm_arch_sched_in(struct kvm_vcpu *vcpu, int cpu) {}
static inline void kvm_arch_vcpu_blocking(struct kvm_vcpu *vcpu) {}
static inline void kvm_arch_vcpu_unblocking(struct kvm_vcpu *vcpu) {}
static inline void kvm_arch_free_memslot(struct kvm *kvm,
					 struct kvm_memory_slot *slot) {}
static inline void kvm_arch_memslots_updated(struct kvm *kvm, u64 gen) {}

#define __KVM_HAVE_ARCH_FLUSH_REMOTE_TLB
int kvm_arch_flush_remote_tlb(struct kvm *kvm);

/* switch.S */
int kvm_loongarch_enter_guest(struct kvm_run *run, struct kvm_vcpu *vcpu);
void kvm_loongarch_exc_entry(void);
void kvm_loongarch_tlb_refill(void);
extern char kvm_loongarch_switch_start[];
extern const unsigned long kvm_loongarch_switch_size;

/* main.c */
extern int (*kvm_loongarch_enter)(struct kvm_run *run, struct kvm_vcpu *vcpu);
extern unsigned long kvm_loongarch_exc_vector;
extern unsigned long kvm_loongarch_refill_vector;
void kvm_loongarch_check_gid(struct kvm_vcpu *vcpu, int cpu);

/* csr.c */
int kvm_loongarch_csr_check_table(void);
int kvm_loongarch_csr_get(struct kvm_vcpu *vcpu, unsigned int num, u64 *v);
int kvm_loongarch_csr_set(struct kvm_vcpu *vcpu, unsigned int num, u64 v);
int kvm_loongarch_csr_count(void);
int kvm_loongarch_csr_index(int i);
void kvm_loongarch_csr_reset(struct kvm_vcpu *vcpu);
void kvm_loongarch_csr_load(struct kvm_vcpu *vcpu);
void kvm_loongarch_csr_put(struct kvm_vcpu *vcpu);
void kvm_loongarch_csr_forget(struct kvm_vcpu *vcpu);
void kvm_loongarch_csr_forget_cpu(void);
void kvm_loongarch_clear_llbit(void);
int kvm_loongarch_emulate_csr(struct kvm_vcpu *vcpu, u32 insn);

/* exit.c */
int kvm_loongarch_handle_exit(struct kvm_run *run, struct kvm_vcpu *vcpu);
void kvm_loongarch_inject_exception(struct kvm_vcpu *vcpu,
				    unsigned int ecode, unsigned int esubcode,
				    unsigned long badv);

/* insn.c */
int kvm_loongarch_emulate_mmio(struct kvm_vcpu *vcpu, unsigned long gpa);
int kvm_loongarch_emulate_iocsr(struct kvm_vcpu *vcpu, u32 insn);
void kvm_loongarch_complete_io(struct kvm_vcpu *vcpu);

/* interrupt.c */
void kvm_loongarch_queue_irq(struct kvm_vcpu *vcpu, unsigned int irq);
void kvm_loongarch_dequeue_irq(struct kvm_vcpu *vcpu, unsigned int irq);
void kvm_loongarch_deliver_irqs(struct kvm_vcpu *vcpu);
bool kvm_loongarch_irq_pending(struct kvm_vcpu *vcpu);

/* timer.c */
void kvm_loongarch_timer_init(struct kvm_vcpu *vcpu);
void kvm_loongarch_timer_load(struct kvm_vcpu *vcpu);
void kvm_loongarch_timer_set_tval(struct kvm_vcpu *vcpu, u64 tval);
void kvm_loongarch_timer_put(struct kvm_vcpu *vcpu);
enum hrtimer_restart kvm_loongarch_swtimer_wakeup(struct hrtimer *timer);

/* mmu.c */
int kvm_loongarch_stage2_fault(struct kvm_vcpu *vcpu, unsigned long gpa,
			       bool write);
void kvm_loongarch_flush_gpa(struct kvm_vcpu *vcpu);

/* fpu.c */
#define KVM_LOONGARCH_FPU_NONE	0
#define KVM_LOONGARCH_FPU_FP	1
#define KVM_LOONGARCH_FPU_LSX	2
#define KVM_LOONGARCH_FPU_LASX	3
void kvm_loongarch_own_fpu(struct kvm_vcpu *vcpu);
void kvm_loongarch_lose_fpu(struct kvm_vcpu *vcpu);

/* vcpu.c */
int kvm_loongarch_pre_enter(struct kvm_vcpu *vcpu);
void kvm_loongarch_guest_enter(struct kvm_vcpu *vcpu);

/* onereg.c */
void kvm_loongarch_cpucfg_reset(struct kvm_vcpu *vcpu);

/* pv.c */
/* Does the VM's paravirtual feature bitmap have KVM_FEATURE_@feature */
static inline bool kvm_loongarch_has_pv_feature(struct kvm_arch *ka,
						unsigned int feature)
{
	return READ_ONCE(ka->pv_features) & BIT_ULL(feature);
}

unsigned long kvm_loongarch_pv_service(struct kvm_vcpu *vcpu);
void kvm_loongarch_update_steal_time(struct kvm_vcpu *vcpu);
void kvm_loongarch_pv_load(struct kvm_vcpu *vcpu);
void kvm_loongarch_pv_put(struct kvm_vcpu *vcpu);
void kvm_loongarch_pv_reset(struct kvm_vcpu *vcpu);
int kvm_loongarch_pvtime_attr(struct kvm_vcpu *vcpu, unsigned int ioctl,
			      struct kvm_device_attr *attr);

#endif /* __ASM_LOONGARCH_KVM_HOST_H */
