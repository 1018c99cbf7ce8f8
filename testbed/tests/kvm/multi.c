// SPDX-License-Identifier: GPL-2.0
/*
 * Several VMs: 2 VMs x 2 vCPUs running at once, each VM with different
 * memory at the same GPA, each vCPU checking it sees its own VM's memory;
 * more VMs than guest IDs (GSTAT.GIDBIT = 6 on the testbed: 63 IDs) one
 * after another and all alive at once; process exit while vCPUs run
 * (bad-inputs.md item 12).
 */
#include "kvm-util.h"

#define SIG(vm)		(0x5160000000000000ULL | ((u64)(vm) << 16) | 0xbeef)
#define ROUNDS		200

/*
 * s0 = the VM's signature expected at DATA_GPA, s1 = vCPU index,
 * s2 = rounds. Each round checks the signature, counts in
 * DATA_GPA + 0x100 + 8 * index and reports MARK_READY with a1 = the
 * signature read, a2 = the count. 0xbad: signature mismatch.
 */
GUEST(g_multi,
	"li.d $t0, " STR(DATA_GPA) "\n"
	"1: ld.d $t1, $t0, 0\n"
	"bne $t1, $s0, 9f\n"
	"slli.d $t2, $s1, 3\n"
	"add.d $t2, $t2, $t0\n"
	"ld.d $t3, $t2, 0x100\n"
	"addi.d $t3, $t3, 1\n"
	"st.d $t3, $t2, 0x100\n"
	"or $a1, $t1, $zero\n"
	"or $a2, $t3, $zero\n"
	"ori $a0, $zero, 0x7e\n"
	HVCL(0x102)
	"addi.d $s2, $s2, -1\n"
	"bnez $s2, 1b\n"
	G_DONE
	"9: or $a1, $t1, $zero\n"
	"ori $a0, $zero, 0xbad\n"
	HVCL(0x102)
	"b 9b\n");

static struct vm *sig_vm(int n)
{
	struct vm *vm = VM_STD(g_multi);

	*(u64 *)gpa_ptr(vm, DATA_GPA) = SIG(n);
	return vm;
}

static struct vcpu *sig_vcpu(struct vm *vm, int n, int idx, u64 rounds)
{
	struct vcpu *v = vcpu_new(vm, idx);
	struct kvm_regs regs = vcpu_regs(v);

	regs.gpr[23] = SIG(n);		/* s0 */
	regs.gpr[24] = idx;		/* s1 */
	regs.gpr[25] = rounds;		/* s2 */
	vcpu_set_regs(v, &regs);
	return v;
}

/* One round: a report with the VM's own signature and count @count */
static void sig_round(struct vcpu *v, int n, u64 count)
{
	u64 *a;

	run_ok(v);
	a = v->run->hypercall.args;
	EXPECT(v->run->exit_reason == KVM_EXIT_HYPERCALL && a[0] == MARK_READY,
	       "VM %d vCPU %d round %llu: %s", n, v->id, count, exit_str(v));
	EXPECT(a[1] == SIG(n), "VM %d vCPU %d: read signature 0x%llx, expected 0x%llx",
	       n, v->id, a[1], SIG(n));
	EXPECT(a[2] == count, "VM %d vCPU %d: count %llu, expected %llu", n,
	       v->id, a[2], count);
}

struct runner {
	struct vcpu *v;
	int n;
};

static void *run_thread(void *p)
{
	struct runner *r = p;
	u64 i;

	for (i = 1; i <= ROUNDS; i++)
		sig_round(r->v, r->n, i);
	expect_report(r->v, MARK_DONE);
	return NULL;
}

static int two_vms_two_vcpus(void)
{
	struct runner r[4];
	struct vm *vm[2];
	pthread_t t[4];
	u64 *mem;
	int i;

	for (i = 0; i < 2; i++)
		vm[i] = sig_vm(i);
	for (i = 0; i < 4; i++) {
		r[i].n = i / 2;
		r[i].v = sig_vcpu(vm[i / 2], i / 2, i % 2, ROUNDS);
	}
	for (i = 0; i < 4; i++)
		pthread_create(&t[i], NULL, run_thread, &r[i]);
	for (i = 0; i < 4; i++)
		pthread_join(t[i], NULL);
	for (i = 0; i < 2; i++) {
		mem = gpa_ptr(vm[i], DATA_GPA);
		EXPECT(mem[0] == SIG(i), "VM %d signature now 0x%llx", i, mem[0]);
		EXPECT(mem[32] == ROUNDS && mem[33] == ROUNDS,
		       "VM %d counters %llu, %llu, expected %d each (a write went to the other VM?)",
		       i, mem[32], mem[33], ROUNDS);
	}
	return KT_PASS;
}

#define MANY_VMS	70

/* 70 VMs one after another, each to a hvcl exit */
static int many_vms_sequential(void)
{
	struct vcpu *v;
	struct vm *vm;
	int n;

	for (n = 0; n < MANY_VMS; n++) {
		vm = sig_vm(n);
		v = sig_vcpu(vm, n, 0, 2);
		sig_round(v, n, 1);
		sig_round(v, n, 2);
		expect_report(v, MARK_DONE);
		vcpu_free(v);
		vm_free(vm);
	}
	return KT_PASS;
}

/* 70 VMs alive at once, run round-robin three times */
static int many_vms_alive(void)
{
	struct vcpu *v[MANY_VMS];
	int n, round;

	for (n = 0; n < MANY_VMS; n++)
		v[n] = sig_vcpu(sig_vm(n), n, 0, 3);
	for (round = 1; round <= 3; round++)
		for (n = 0; n < MANY_VMS; n++)
			sig_round(v[n], n, round);
	for (n = 0; n < MANY_VMS; n++)
		expect_report(v[n], MARK_DONE);
	return KT_PASS;
}

GUEST(g_forever,
	"1: b 1b\n");

static void *spin_thread(void *p)
{
	struct vcpu *v = p;

	for (;;)
		vcpu_run(v);
	return NULL;
}

/* A process exits while its vCPUs run in the guest: nothing is left */
static void exit_while_running(void)
{
	struct vm *vm = VM_STD(g_forever);
	pthread_t t;
	int i;

	for (i = 0; i < 3; i++)
		pthread_create(&t, NULL, spin_thread, vcpu_new(vm, i));
	usleep(300000);
	close(vm->fd);		/* the vCPUs still hold the VM */
	usleep(100000);
	_exit(0);
}

static int teardown_while_running(void)
{
	int status, i;
	u64 t0 = now_ms();
	pid_t pid = fork();

	EXPECT(pid >= 0, "fork: %m");
	if (pid == 0)
		exit_while_running();
	for (i = 0; i < 300 && waitpid(pid, &status, WNOHANG) == 0; i++)
		usleep(100000);
	if (i == 300) {
		kill(pid, SIGKILL);
		fail("a process with running vCPUs took more than 30 s to exit");
	}
	EXPECT(WIFEXITED(status) && !WEXITSTATUS(status),
	       "the process with running vCPUs ended with status 0x%x", status);
	/* Killing with SIGKILL while vCPUs run */
	pid = fork();
	EXPECT(pid >= 0, "fork: %m");
	if (pid == 0)
		exit_while_running();
	usleep(200000);
	kill(pid, SIGKILL);
	EXPECT(waitpid(pid, &status, 0) == pid && WIFSIGNALED(status),
	       "SIGKILL of a process with running vCPUs: status 0x%x", status);
	printf("# teardown took %llu ms\n", now_ms() - t0);
	/* And KVM still works */
	many_vms_sequential();
	return KT_PASS;
}

static const struct kt_case cases[] = {
	{ "two_vms_two_vcpus", two_vms_two_vcpus, 0 },
	{ "many_vms_sequential", many_vms_sequential, 300 },
	{ "many_vms_alive", many_vms_alive, 300 },
	{ "teardown_while_running", teardown_while_running, 300 },
};

KT_MAIN("multi", cases)
