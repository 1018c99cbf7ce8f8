// SPDX-License-Identifier: GPL-2.0
/*
 * KVM on LoongArch: virtual machines.
 */
#include <linux/kvm_host.h>
#include <linux/pgalloc.h>
#include <asm/cpu-features.h>
#include <asm/time.h>
#include <uapi/asm/kvm_para.h>

const struct _kvm_stats_desc kvm_vm_stats_desc[] = {
	KVM_GENERIC_VM_STATS(),
	STATS_DESC_ICOUNTER(VM, pages),
};

const struct kvm_stats_header kvm_vm_stats_header = {
	.name_size = KVM_STATS_NAME_SIZE,
	.num_desc = ARRAY_SIZE(kvm_vm_stats_desc),
	.id_offset = sizeof(struct kvm_stats_header),
	.desc_offset = sizeof(struct kvm_stats_header) + KVM_STATS_NAME_SIZE,
	.data_offset = sizeof(struct kvm_stats_header) + KVM_STATS_NAME_SIZE +
		       sizeof(kvm_vm_stats_desc),
};

int kvm_arch_init_vm(struct kvm *kvm, unsigned long type)
{
	if (type)
		return -EINVAL;

	/* The stage-2 table has the host's format, so its reach */
	kvm->arch.pgd = (pgd_t *)__get_free_page(GFP_KERNEL_ACCOUNT);
	if (!kvm->arch.pgd)
		return -ENOMEM;
	pgd_init((unsigned long)kvm->arch.pgd);
	kvm->arch.gpa_size = BIT_ULL(VA_BITS);

	kvm->arch.gid = alloc_percpu(u64);
	kvm->arch.last_vcpu = alloc_percpu(struct kvm_vcpu *);
	if (!kvm->arch.gid || !kvm->arch.last_vcpu) {
		free_percpu(kvm->arch.gid);
		free_percpu(kvm->arch.last_vcpu);
		free_page((unsigned long)kvm->arch.pgd);
		return -ENOMEM;
	}

	/* The guest's counter starts at 0 */
	kvm->arch.time_offset = -(s64)drdtime();
	spin_lock_init(&kvm->arch.cpuid_lock);
	/*
	 * The paravirtual features the guest has until userspace sets
	 * them, as in mainline: all but those only a VMM can provide
	 */
	kvm->arch.pv_features = BIT_ULL(KVM_FEATURE_IPI) |
				BIT_ULL(KVM_FEATURE_STEAL_TIME) |
				BIT_ULL(KVM_FEATURE_PREEMPT);
	return 0;
}

void kvm_arch_destroy_vm(struct kvm *kvm)
{
	kvm_destroy_vcpus(kvm);
	kvm_arch_flush_shadow_all(kvm);
	free_page((unsigned long)kvm->arch.pgd);
	free_percpu(kvm->arch.gid);
	free_percpu(kvm->arch.last_vcpu);
}

int kvm_vm_ioctl_check_extension(struct kvm *kvm, long ext)
{
	switch (ext) {
	case KVM_CAP_ONE_REG:
	case KVM_CAP_ENABLE_CAP:
	case KVM_CAP_READONLY_MEM:
	case KVM_CAP_SYNC_MMU:
	case KVM_CAP_IMMEDIATE_EXIT:
	case KVM_CAP_IOEVENTFD:
	case KVM_CAP_MP_STATE:
		return 1;
	case KVM_CAP_NR_VCPUS:
		return num_online_cpus();
	case KVM_CAP_MAX_VCPUS:
		return KVM_MAX_VCPUS;
	case KVM_CAP_MAX_VCPU_ID:
		return KVM_MAX_VCPU_IDS;
	default:
		return 0;
	}
}

/*
 * KVM_LOONGARCH_VM_FEAT_CTRL: which optional guest features this host
 * offers: LSX and LASX where the host CPU has them (fpu.c), the
 * paravirtual IPI, steal time and the preempted flag (pv.c). LBT, the
 * PMU, the hardware page walker and message interrupts are not
 * implemented, so they are not offered, whatever the host CPU has.
 */
static int vm_has_attr(struct kvm *kvm, struct kvm_device_attr *attr)
{
	if (attr->group != KVM_LOONGARCH_VM_FEAT_CTRL)
		return -ENXIO;
	switch (attr->attr) {
	case KVM_LOONGARCH_VM_FEAT_LSX:
		return cpu_has_lsx ? 0 : -ENXIO;
	case KVM_LOONGARCH_VM_FEAT_LASX:
		return cpu_has_lasx ? 0 : -ENXIO;
	case KVM_LOONGARCH_VM_FEAT_PV_IPI:
	case KVM_LOONGARCH_VM_FEAT_PV_STEALTIME:
	case KVM_LOONGARCH_VM_FEAT_PV_PREEMPT:
		return 0;
	default:
		return -ENXIO;
	}
}

long kvm_arch_vm_ioctl(struct file *filp, unsigned int ioctl,
		       unsigned long arg)
{
	struct kvm *kvm = filp->private_data;
	struct kvm_device_attr attr;

	switch (ioctl) {
	case KVM_HAS_DEVICE_ATTR:
		if (copy_from_user(&attr, (void __user *)arg, sizeof(attr)))
			return -EFAULT;
		return vm_has_attr(kvm, &attr);
	case KVM_GET_DEVICE_ATTR:
	case KVM_SET_DEVICE_ATTR:
		/* No VM attribute has a value (bad-inputs.md 5) */
		return -ENXIO;
	default:
		return -ENOIOCTLCMD;
	}
}
