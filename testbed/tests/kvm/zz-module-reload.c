// SPDX-License-Identifier: GPL-2.0
/*
 * Runs last: unload and load kvm ten times (delete_module with
 * O_NONBLOCK, finit_module), creating a VM with one vCPU that runs a
 * guest to a hvcl exit each time, and check that nothing accumulates:
 * Slab and MemAvailable from /proc/meminfo, and the kvm caches of
 * /proc/slabinfo (no objects left once every VM is gone). Skipped when
 * kvm is built in.
 */
#include "kvm-util.h"

#define ROUNDS		10
#define SLAB_BOUND_KB	1024	/* growth of Slab over the rounds */
#define AVAIL_BOUND_KB	4096	/* drop of MemAvailable over the rounds */

static long meminfo(const char *key)
{
	char line[256];
	size_t n = strlen(key);
	long val = -1;
	FILE *f = fopen("/proc/meminfo", "r");

	while (f && fgets(line, sizeof(line), f))
		if (!strncmp(line, key, n) && line[n] == ':')
			val = atol(line + n + 1);
	if (f)
		fclose(f);
	return val;
}

/* Active objects in the slab caches whose name starts with "kvm" */
static long kvm_slab_objects(char *names, size_t len)
{
	char line[512], name[64];
	long active, total = 0;
	FILE *f = fopen("/proc/slabinfo", "r");

	if (!f)
		return -1;
	names[0] = '\0';
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%63s %ld", name, &active) != 2 ||
		    strncmp(name, "kvm", 3))
			continue;
		total += active;
		if (active)
			snprintf(names + strlen(names), len - strlen(names),
				 " %s:%ld", name, active);
	}
	fclose(f);
	return total;
}

GUEST(g_done, G_DONE);

static void one_vm(void)
{
	struct vm *vm = VM_STD(g_done);
	struct vcpu *v = vcpu_new(vm, 0);

	expect_report(v, MARK_DONE);
	vcpu_free(v);
	vm_free(vm);
	close(kt_kvm_fd);
	kt_kvm_fd = -1;
}

static void unload(int round)
{
	int i, r = -1;

	for (i = 0; i < 200; i++) {
		r = syscall(SYS_delete_module, "kvm", O_NONBLOCK);
		if (!r || (errno != EAGAIN && errno != EWOULDBLOCK &&
			   errno != EBUSY))
			break;
		usleep(10000);
	}
	EXPECT(!r, "round %d: delete_module(kvm): %m", round);
	if (i)
		printf("# round %d: kvm still in use for %d ms after the last fd closed\n",
		       round, i * 10);
	EXPECT(wait_dev_kvm(0, 2000), "round %d: /dev/kvm still there after rmmod",
	       round);
}

static void load(int round)
{
	char err[512];

	EXPECT(!load_kvm_module(err, sizeof(err)), "round %d: %s", round, err);
	EXPECT(wait_dev_kvm(1, 5000), "round %d: no /dev/kvm after loading",
	       round);
}

static int reload(void)
{
	long slab0 = 0, avail0 = 0, slab, avail, objs;
	char names[256];
	int round;

	if (kvm_builtin())
		skip("kvm is built in");
	if (!kvm_module_dir())
		skip("no kvm.ko under /lib/modules");
	if (access("/dev/kvm", F_OK))
		load(0);
	for (round = 1; round <= ROUNDS; round++) {
		one_vm();
		objs = kvm_slab_objects(names, sizeof(names));
		EXPECT(objs <= 0, "round %d: kvm slab objects left with no VM:%s",
		       round, names);
		unload(round);
		load(round);
		slab = meminfo("Slab");
		avail = meminfo("MemAvailable");
		if (round == 1) {
			slab0 = slab;
			avail0 = avail;
		}
	}
	printf("# Slab %ld -> %ld kB, MemAvailable %ld -> %ld kB over rounds 1..%d\n",
	       slab0, slab, avail0, avail, ROUNDS);
	EXPECT(slab - slab0 <= SLAB_BOUND_KB,
	       "Slab grew by %ld kB over %d reloads (bound %d kB)", slab - slab0,
	       ROUNDS - 1, SLAB_BOUND_KB);
	EXPECT(avail0 - avail <= AVAIL_BOUND_KB,
	       "MemAvailable dropped by %ld kB over %d reloads (bound %d kB)",
	       avail0 - avail, ROUNDS - 1, AVAIL_BOUND_KB);
	one_vm();
	return KT_PASS;
}

static const struct kt_case cases[] = {
	{ "reload", reload, 600 },
};

int main(void)
{
	return kt_main("zz-module-reload", cases, ARRAY_SIZE(cases), 0);
}
