// SPDX-License-Identifier: GPL-2.0
/*
 * Guest IDs across allocator rollovers (lvz.md 1, 7): each host CPU hands
 * out IDs 1 .. 2^GSTAT.GIDBIT - 1 and, when they run out, drops every
 * guest TLB and stage-2 entry and starts again. Two VMs that stay alive
 * take turns with a stream of short-lived VMs on one host CPU, for
 * several rollovers; every VM reads the same guest physical address,
 * which holds different data in each, and must always read its own.
 * Without the flush at a rollover, or with ID 0 (root's tag) handed out,
 * a VM finds the translations that another one left under the same ID.
 *
 * The kvm suite runs it with the testbed's default of 6 ID bits, the
 * kvm-gid8 suite with 8 (-cpu ...,gidbits=8), the widest GSTAT allows.
 */
#include "kvm-util.h"

/* More VMs than three rollovers of 255 IDs take */
#define SHORT_LIVED	800

/* Read the data word, report it, again */
GUEST(g_read,
	"li.d $t0, " STR(DATA_GPA) "\n"
	"1: ld.d $a1, $t0, 0\n"
	"ori $a0, $zero, 0x7e\n"
	HVCL(0x102)
	"b 1b\n");

static u64 sig(u64 n)
{
	return 0x61d0000000000000ULL | n;
}

static struct vm *sig_vm(u64 n)
{
	struct vm *vm = VM_STD(g_read);

	*(u64 *)gpa_ptr(vm, DATA_GPA) = sig(n);
	return vm;
}

static void expect_own(struct vcpu *v, u64 n, const char *what, int round)
{
	u64 *a = expect_report(v, MARK_READY);

	EXPECT(a[1] == sig(n),
	       "%s, round %d: read 0x%llx, its own data is 0x%llx", what,
	       round, (unsigned long long)a[1], (unsigned long long)sig(n));
}

static int rollovers(void)
{
	struct vm *keep[2];
	struct vcpu *kv[2];
	int i, round;

	pin_to_cpu(1);
	for (i = 0; i < 2; i++) {
		keep[i] = sig_vm(1 + i);
		kv[i] = vcpu_new(keep[i], 0);
		expect_own(kv[i], 1 + i, "long-lived VM", -1);
	}
	for (round = 0; round < SHORT_LIVED; round++) {
		struct vm *vm = sig_vm(0x100 + round);
		struct vcpu *v = vcpu_new(vm, 0);

		expect_own(v, 0x100 + round, "short-lived VM", round);
		vcpu_free(v);
		vm_free(vm);
		for (i = 0; i < 2; i++)
			expect_own(kv[i], 1 + i, "long-lived VM", round);
	}
	return KT_PASS;
}

static const struct kt_case cases[] = {
	{ "rollovers", rollovers, 900 },
};

KT_MAIN("gid-rollover", cases)
