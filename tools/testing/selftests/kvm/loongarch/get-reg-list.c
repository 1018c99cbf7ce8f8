// SPDX-License-Identifier: GPL-2.0
/*
 * The LoongArch half of get-reg-list: the ONE_REG ids a vCPU must list in
 * KVM_GET_REG_LIST, and nothing else.
 *
 * The generic half checks that every id below is listed, can be read, and
 * accepts the value read back. A listed id that is not below is only
 * reported there; finalize_vcpu() makes it a failure here, so that a new
 * register cannot reach userspace without being added to this list (and
 * to the documented ABI).
 */
#include <stdio.h>
#include <stdlib.h>

#include "kvm_util.h"
#include "test_util.h"

#define CSR(n)		(KVM_REG_LOONGARCH_CSR | KVM_REG_SIZE_U64 | ((n) << 3))
#define CPUCFG(n)	(KVM_REG_LOONGARCH_CPUCFG | KVM_REG_SIZE_U64 | ((n) << 3))
#define KVMREG(n)	(KVM_REG_LOONGARCH_KVM | KVM_REG_SIZE_U64 | (n))

/*
 * The guest CSRs (LoongArch Reference Manual, volume 1, chapter 7, with
 * the numbers of the virtualization extension's guest CSR file), and the
 * software CSRs that KVM emulates for the guest: all of a vCPU's CSR
 * state, which a VMM saves and restores.
 */
static __u64 csr_regs[] = {
	CSR(0x0),	/* CRMD */
	CSR(0x1),	/* PRMD */
	CSR(0x2),	/* EUEN */
	CSR(0x3),	/* MISC */
	CSR(0x4),	/* ECFG */
	CSR(0x5),	/* ESTAT */
	CSR(0x6),	/* ERA */
	CSR(0x7),	/* BADV */
	CSR(0x8),	/* BADI */
	CSR(0xc),	/* EENTRY */
	CSR(0x10),	/* TLBIDX */
	CSR(0x11),	/* TLBEHI */
	CSR(0x12),	/* TLBELO0 */
	CSR(0x13),	/* TLBELO1 */
	CSR(0x18),	/* ASID */
	CSR(0x19),	/* PGDL */
	CSR(0x1a),	/* PGDH */
	CSR(0x1b),	/* PGD */
	CSR(0x1c),	/* PWCTL0 */
	CSR(0x1d),	/* PWCTL1 */
	CSR(0x1e),	/* STLBPGSIZE */
	CSR(0x1f),	/* RVACFG */
	CSR(0x20),	/* CPUID */
	CSR(0x21),	/* PRCFG1 */
	CSR(0x22),	/* PRCFG2 */
	CSR(0x23),	/* PRCFG3 */
	CSR(0x30),	/* KS0 */
	CSR(0x31),	/* KS1 */
	CSR(0x32),	/* KS2 */
	CSR(0x33),	/* KS3 */
	CSR(0x34),	/* KS4 */
	CSR(0x35),	/* KS5 */
	CSR(0x36),	/* KS6 */
	CSR(0x37),	/* KS7 */
	CSR(0x38),	/* KS8 */
	CSR(0x40),	/* TMID */
	CSR(0x41),	/* TCFG */
	CSR(0x42),	/* TVAL */
	CSR(0x43),	/* CNTC */
	CSR(0x44),	/* TINTCLR */
	CSR(0x60),	/* LLBCTL */
	CSR(0x80),	/* IMPCTL1 */
	CSR(0x81),	/* IMPCTL2 */
	CSR(0x88),	/* TLBRENTRY */
	CSR(0x89),	/* TLBRBADV */
	CSR(0x8a),	/* TLBRERA */
	CSR(0x8b),	/* TLBRSAVE */
	CSR(0x8c),	/* TLBRELO0 */
	CSR(0x8d),	/* TLBRELO1 */
	CSR(0x8e),	/* TLBREHI */
	CSR(0x8f),	/* TLBRPRMD */
	CSR(0x90),	/* MERRCTL */
	CSR(0x91),	/* MERRINFO1 */
	CSR(0x92),	/* MERRINFO2 */
	CSR(0x93),	/* MERRENTRY */
	CSR(0x94),	/* MERRERA */
	CSR(0x95),	/* MERRSAVE */
	CSR(0x98),	/* CTAG */
	CSR(0x180),	/* DMWIN0 */
	CSR(0x181),	/* DMWIN1 */
	CSR(0x182),	/* DMWIN2 */
	CSR(0x183),	/* DMWIN3 */
};

/* The CPUCFG words a guest reads, 0 to KVM_MAX_CPUCFG_REGS - 1 */
static __u64 cpucfg_regs[] = {
	CPUCFG(0), CPUCFG(1), CPUCFG(2), CPUCFG(3), CPUCFG(4), CPUCFG(5),
	CPUCFG(6), CPUCFG(7), CPUCFG(8), CPUCFG(9), CPUCFG(10), CPUCFG(11),
	CPUCFG(12), CPUCFG(13), CPUCFG(14), CPUCFG(15), CPUCFG(16),
	CPUCFG(17), CPUCFG(18), CPUCFG(19), CPUCFG(20),
};

/* Registers of KVM itself: the VM's counter, vCPU reset, the breakpoint */
static __u64 kvm_regs[] = {
	KVMREG(1),	/* COUNTER */
	KVMREG(2),	/* VCPU_RESET */
	KVMREG(3),	/* DEBUG_INST */
};

/*
 * CPUID reads KVM_MAX_PHYID (256) until userspace gives the vCPU one,
 * and is set once, to a value below 256: the value read back cannot be
 * written.
 */
static __u64 csr_skips_set[] = {
	CSR(0x20),	/* CPUID */
};

static struct vcpu_reg_list base_config = {
	.sublists = {
		{ "csr", .regs = csr_regs, .regs_n = ARRAY_SIZE(csr_regs),
		  .skips_set = csr_skips_set,
		  .skips_set_n = ARRAY_SIZE(csr_skips_set), },
		{ "cpucfg", .regs = cpucfg_regs,
		  .regs_n = ARRAY_SIZE(cpucfg_regs), },
		{ "kvm", .regs = kvm_regs, .regs_n = ARRAY_SIZE(kvm_regs), },
		{ 0 },
	},
};

struct vcpu_reg_list *vcpu_configs[] = { &base_config };
int vcpu_configs_n = ARRAY_SIZE(vcpu_configs);

void print_reg(const char *prefix, __u64 id)
{
	const char *set;

	switch (id & KVM_REG_LOONGARCH_MASK) {
	case KVM_REG_LOONGARCH_CSR:
		set = "CSR";
		break;
	case KVM_REG_LOONGARCH_CPUCFG:
		set = "CPUCFG";
		break;
	case KVM_REG_LOONGARCH_KVM:
		printf("\tKVMREG(%llu),\n", (unsigned long long)(id & 0xffff));
		return;
	default:
		printf("\t0x%llx, /* unknown set */\n", (unsigned long long)id);
		return;
	}
	TEST_ASSERT((id & KVM_REG_SIZE_MASK) == KVM_REG_SIZE_U64,
		    "%s: id 0x%llx is not 64 bits wide", prefix,
		    (unsigned long long)id);
	printf("\t%s(0x%llx),\n", set, (unsigned long long)((id & 0xffff) >> 3));
}

/* Nothing but the ids above: a new one fails the test */
void finalize_vcpu(struct kvm_vcpu *vcpu, struct vcpu_reg_list *c)
{
	struct kvm_reg_list *list = vcpu_get_reg_list(vcpu);
	struct vcpu_reg_sublist *s;
	__u64 i, j;
	int extra = 0;
	bool found;

	for (i = 0; i < list->n; i++) {
		found = false;
		for_each_sublist(c, s) {
			for (j = 0; j < s->regs_n && !found; j++)
				found = s->regs[j] == list->reg[i];
		}
		if (!found) {
			printf("not in the ABI: ");
			print_reg("loongarch", list->reg[i]);
			extra++;
		}
	}
	free(list);
	TEST_ASSERT(!extra, "%d listed register(s) outside the ABI", extra);
}
