// SPDX-License-Identifier: GPL-2.0
/*
 * KVM on LoongArch: the register ABI (uapi.md).
 *
 * ONE_REG ids are KVM_REG_LOONGARCH | KVM_REG_SIZE_U64 | set | index. Each
 * set has a count and a way to list its ids, used by KVM_GET_REG_LIST, and
 * get and set handlers, so the list and the accepted ids cannot disagree.
 * GPRs and FP registers go through KVM_GET/SET_REGS and KVM_GET/SET_FPU.
 */
#include <linux/kvm_host.h>
#include <linux/uaccess.h>
#include <asm/time.h>
#include <uapi/asm/kvm_para.h>

/* "hvcl 0x101", the software breakpoint (uapi.md) */
#define DEBUG_INST	(0x002b8000 | 0x101)

/*
 * The bits of each CPUCFG word that userspace may set (uapi.md): what
 * describes the CPU, without LVZ (no nested guests), the PMU or LBT,
 * which the backend does not offer guests yet. Feature bits of words 2
 * and 3 also need the host's.
 */
static u32 cpucfg_mask(unsigned int word)
{
	switch (word) {
	case LOONGARCH_CPUCFG0:
		return ~0U;
	case LOONGARCH_CPUCFG1:
		return GENMASK(25, 0);
	case LOONGARCH_CPUCFG2:
		return (CPUCFG2_FP | CPUCFG2_FPSP | CPUCFG2_FPDP |
			CPUCFG2_FPVERS | CPUCFG2_LSX | CPUCFG2_LASX |
			CPUCFG2_LLFTP | CPUCFG2_LLFTPREV | CPUCFG2_LAM) &
		       (read_cpucfg(LOONGARCH_CPUCFG2) | CPUCFG2_FPVERS |
			CPUCFG2_LLFTPREV);
	case LOONGARCH_CPUCFG3:
		/*
		 * What the host has, as in mainline: a guest cannot have
		 * more of these than its host, and the store fill buffer
		 * (SFB) is not the guest's to configure.
		 */
		return GENMASK(16, 0) & ~CPUCFG3_SFB &
		       read_cpucfg(LOONGARCH_CPUCFG3);
	case LOONGARCH_CPUCFG4:
	case LOONGARCH_CPUCFG5:
		return ~0U;
	case LOONGARCH_CPUCFG16 ... LOONGARCH_CPUCFG20:
		return ~0U;
	default:
		return 0;
	}
}

static int cpucfg_check(unsigned int word, u64 v)
{
	if (word >= KVM_MAX_CPUCFG_REGS || v & ~(u64)cpucfg_mask(word))
		return -EINVAL;
	if (word != LOONGARCH_CPUCFG2)
		return 0;
	/* LL/SC, and a consistent FP/LSX/LASX chain */
	if (!(v & CPUCFG2_LLFTP))
		return -EINVAL;
	if ((v & CPUCFG2_FP) && (~v & (CPUCFG2_FPSP | CPUCFG2_FPDP)))
		return -EINVAL;
	if ((v & CPUCFG2_LSX) && !(v & CPUCFG2_FP))
		return -EINVAL;
	if ((v & CPUCFG2_LASX) && !(v & CPUCFG2_LSX))
		return -EINVAL;
	return 0;
}

/**
 * kvm_loongarch_cpucfg_reset() - give a new vCPU the host's CPUCFG words
 * @vcpu: the vCPU
 *
 * Each word is the host's, limited to what userspace could set.
 */
void kvm_loongarch_cpucfg_reset(struct kvm_vcpu *vcpu)
{
	unsigned int i;

	for (i = 0; i < KVM_MAX_CPUCFG_REGS; i++)
		vcpu->arch.cpucfg[i] = read_cpucfg(i) & cpucfg_mask(i);
}

/*
 * Interrupts, GINTC, ESTAT, the timer and the paravirtual addresses:
 * what VCPU_RESET clears
 */
static void vcpu_reset(struct kvm_vcpu *vcpu)
{
	WRITE_ONCE(vcpu->arch.irq_pending, 0);
	WRITE_ONCE(vcpu->arch.irq_clear, 0);
	vcpu->arch.csr[LOONGARCH_CSR_GINTC] = 0;
	vcpu->arch.csr[LOONGARCH_CSR_ESTAT] = 0;
	vcpu->arch.csr[LOONGARCH_CSR_TCFG] = 0;
	vcpu->arch.csr[LOONGARCH_CSR_TVAL] = 0;
	vcpu->arch.csr_changed = true;
	hrtimer_cancel(&vcpu->arch.swtimer);
	vcpu->arch.io.kind = KVM_LOONGARCH_IO_NONE;
	kvm_loongarch_pv_reset(vcpu);
}

/* The KVM set: registers of KVM rather than of the CPU */
static const u64 kvm_set_ids[] = {
	KVM_REG_LOONGARCH_COUNTER,
	KVM_REG_LOONGARCH_VCPU_RESET,
	KVM_REG_LOONGARCH_DEBUG_INST,
};

static int kvm_set_get(struct kvm_vcpu *vcpu, u64 id, u64 *v)
{
	switch (id) {
	case KVM_REG_LOONGARCH_COUNTER:
		*v = drdtime() + vcpu->kvm->arch.time_offset;
		return 0;
	case KVM_REG_LOONGARCH_VCPU_RESET:
		*v = 0;
		return 0;
	case KVM_REG_LOONGARCH_DEBUG_INST:
		*v = DEBUG_INST;
		return 0;
	default:
		return -EINVAL;
	}
}

static int kvm_set_set(struct kvm_vcpu *vcpu, u64 id, u64 v)
{
	switch (id) {
	case KVM_REG_LOONGARCH_COUNTER:
		/* The offset is the VM's: vCPU 0 sets it */
		if (vcpu->vcpu_id == 0)
			vcpu->kvm->arch.time_offset = v - drdtime();
		return 0;
	case KVM_REG_LOONGARCH_VCPU_RESET:
		vcpu_reset(vcpu);
		return 0;
	case KVM_REG_LOONGARCH_DEBUG_INST:
		return v == DEBUG_INST ? 0 : -EINVAL;
	default:
		return -EINVAL;
	}
}

static unsigned long num_regs(void)
{
	return kvm_loongarch_csr_count() + KVM_MAX_CPUCFG_REGS +
	       ARRAY_SIZE(kvm_set_ids);
}

static int copy_reg_indices(u64 __user *uids)
{
	u64 id;
	int i;

	for (i = 0; i < kvm_loongarch_csr_count(); i++) {
		id = KVM_IOC_CSRID((u64)kvm_loongarch_csr_index(i));
		if (put_user(id, uids++))
			return -EFAULT;
	}
	for (i = 0; i < KVM_MAX_CPUCFG_REGS; i++) {
		id = KVM_IOC_CPUCFG((u64)i);
		if (put_user(id, uids++))
			return -EFAULT;
	}
	for (i = 0; i < ARRAY_SIZE(kvm_set_ids); i++) {
		if (put_user(kvm_set_ids[i], uids++))
			return -EFAULT;
	}
	return 0;
}

/*
 * Look up a ONE_REG id: 0 with the set and index, or -EINVAL for a size
 * other than U64, an unknown set, or GPRs and FP registers.
 */
static int decode_id(u64 id, u64 *set, unsigned int *index)
{
	if ((id & KVM_REG_ARCH_MASK) != KVM_REG_LOONGARCH ||
	    (id & KVM_REG_SIZE_MASK) != KVM_REG_SIZE_U64)
		return -EINVAL;
	*set = id & KVM_REG_LOONGARCH_MASK;
	*index = (id & KVM_CSR_IDX_MASK) >> LOONGARCH_REG_SHIFT;
	if (id & ~(KVM_REG_ARCH_MASK | KVM_REG_SIZE_MASK |
		   KVM_REG_LOONGARCH_MASK | KVM_CSR_IDX_MASK))
		return -EINVAL;
	return 0;
}

static int get_one_reg(struct kvm_vcpu *vcpu, u64 id, u64 *v)
{
	unsigned int index;
	u64 set;

	if (decode_id(id, &set, &index))
		return -EINVAL;
	switch (set) {
	case KVM_REG_LOONGARCH_CSR:
		return kvm_loongarch_csr_get(vcpu, index, v);
	case KVM_REG_LOONGARCH_CPUCFG:
		if (index >= KVM_MAX_CPUCFG_REGS)
			return -EINVAL;
		*v = vcpu->arch.cpucfg[index];
		return 0;
	case KVM_REG_LOONGARCH_KVM:
		return kvm_set_get(vcpu, id, v);
	case KVM_REG_LOONGARCH_LBT:
		return -ENXIO;
	default:
		return -EINVAL;
	}
}

static int set_one_reg(struct kvm_vcpu *vcpu, u64 id, u64 v)
{
	unsigned int index;
	u64 set;
	int ret;

	if (decode_id(id, &set, &index))
		return -EINVAL;
	switch (set) {
	case KVM_REG_LOONGARCH_CSR:
		return kvm_loongarch_csr_set(vcpu, index, v);
	case KVM_REG_LOONGARCH_CPUCFG:
		ret = cpucfg_check(index, v);
		if (!ret)
			vcpu->arch.cpucfg[index] = v;
		return ret;
	case KVM_REG_LOONGARCH_KVM:
		return kvm_set_set(vcpu, id, v);
	case KVM_REG_LOONGARCH_LBT:
		return -ENXIO;
	default:
		return -EINVAL;
	}
}

static int one_reg_ioctl(struct kvm_vcpu *vcpu, unsigned int ioctl,
			 void __user *argp)
{
	struct kvm_one_reg reg;
	u64 __user *uaddr;
	u64 v;
	int ret;

	if (copy_from_user(&reg, argp, sizeof(reg)))
		return -EFAULT;
	uaddr = u64_to_user_ptr(reg.addr);
	if (ioctl == KVM_GET_ONE_REG) {
		ret = get_one_reg(vcpu, reg.id, &v);
		if (!ret && put_user(v, uaddr))
			ret = -EFAULT;
		return ret;
	}
	if (get_user(v, uaddr))
		return -EFAULT;
	return set_one_reg(vcpu, reg.id, v);
}

static int reg_list_ioctl(void __user *argp)
{
	struct kvm_reg_list __user *user_list = argp;
	struct kvm_reg_list reg_list;
	unsigned int n;

	if (copy_from_user(&reg_list, user_list, sizeof(reg_list)))
		return -EFAULT;
	n = reg_list.n;
	reg_list.n = num_regs();
	if (copy_to_user(user_list, &reg_list, sizeof(reg_list)))
		return -EFAULT;
	if (n < reg_list.n)
		return -E2BIG;
	return copy_reg_indices(user_list->reg);
}

/*
 * The paravirtual features that userspace can enable (see vm.c). Of bits
 * 24-31, which the VMM implements, KVM only reports VIRT_EXTIOI to the
 * guest: it says that the VMM's EIOINTC has the virtualization extension
 * (QEMU 10 enables it whenever its EIOINTC is in userspace). USER_HCALL
 * makes hvcl 0x102 exit to userspace.
 */
#define PV_FEATURES	(BIT_ULL(KVM_FEATURE_IPI) | \
			 BIT_ULL(KVM_FEATURE_STEAL_TIME) | \
			 BIT_ULL(KVM_FEATURE_PREEMPT) | \
			 BIT_ULL(KVM_FEATURE_VIRT_EXTIOI) | \
			 BIT_ULL(KVM_FEATURE_USER_HCALL))

/*
 * CPUCFG_KVM_FEATURE: the VM's paravirtual features, the bitmap the guest
 * reads with cpucfg. Each vCPU sets it, and all must set the same.
 */
static int pv_features_attr(struct kvm_vcpu *vcpu, unsigned int ioctl,
			    u64 __user *uaddr)
{
	struct kvm_arch *ka = &vcpu->kvm->arch;
	int ret = 0;
	u64 v;

	switch (ioctl) {
	case KVM_HAS_DEVICE_ATTR:
		return 0;
	case KVM_GET_DEVICE_ATTR:
		return put_user(READ_ONCE(ka->pv_features), uaddr);
	default:
		if (get_user(v, uaddr))
			return -EFAULT;
		if (v & ~PV_FEATURES)
			return -EINVAL;
		mutex_lock(&vcpu->kvm->lock);
		if (ka->pv_features_set && v != ka->pv_features) {
			ret = -EINVAL;
		} else {
			WRITE_ONCE(ka->pv_features, v);
			ka->pv_features_set = true;
		}
		mutex_unlock(&vcpu->kvm->lock);
		return ret;
	}
}

/*
 * vCPU attributes (uapi.md): the settable bits of each CPUCFG word, the
 * paravirtual features, and the steal-time address.
 */
static int attr_ioctl(struct kvm_vcpu *vcpu, unsigned int ioctl,
		      void __user *argp)
{
	struct kvm_device_attr attr;
	u64 __user *uaddr;
	u64 mask;

	if (copy_from_user(&attr, argp, sizeof(attr)))
		return -EFAULT;
	if (attr.group == KVM_LOONGARCH_VCPU_PVTIME_CTRL)
		return kvm_loongarch_pvtime_attr(vcpu, ioctl, &attr);
	if (attr.group != KVM_LOONGARCH_VCPU_CPUCFG)
		return -ENXIO;
	uaddr = u64_to_user_ptr(attr.addr);
	if (attr.attr == CPUCFG_KVM_FEATURE)
		return pv_features_attr(vcpu, ioctl, uaddr);
	if (attr.attr >= KVM_MAX_CPUCFG_REGS)
		return -ENXIO;

	switch (ioctl) {
	case KVM_HAS_DEVICE_ATTR:
		return 0;
	case KVM_GET_DEVICE_ATTR:
		mask = cpucfg_mask(attr.attr);
		return put_user(mask, uaddr);
	default:
		return -ENXIO;
	}
}

long kvm_arch_vcpu_ioctl(struct file *filp, unsigned int ioctl,
			 unsigned long arg)
{
	struct kvm_vcpu *vcpu = filp->private_data;
	void __user *argp = (void __user *)arg;

	switch (ioctl) {
	case KVM_GET_ONE_REG:
	case KVM_SET_ONE_REG:
		return one_reg_ioctl(vcpu, ioctl, argp);
	case KVM_GET_REG_LIST:
		return reg_list_ioctl(argp);
	case KVM_HAS_DEVICE_ATTR:
	case KVM_GET_DEVICE_ATTR:
	case KVM_SET_DEVICE_ATTR:
		return attr_ioctl(vcpu, ioctl, argp);
	case KVM_ENABLE_CAP:
		return -EINVAL;
	default:
		return -ENOIOCTLCMD;
	}
}
