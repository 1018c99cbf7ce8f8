// SPDX-License-Identifier: GPL-2.0
/*
 * CPU hotplug with KVM loaded: a vCPU keeps running while the host CPU it
 * ran on goes offline, and runs there again once the CPU is back (KVM
 * sets up that CPU's virtualization state anew when it comes online).
 */
#define _GNU_SOURCE
#include <sched.h>
#include "kvm-util.h"

/* Report a count that grows by one each time, so lost state shows */
GUEST(g_count,
	"move $s0, $zero\n"
	"1: addi.d $s0, $s0, 1\n"
	"move $a1, $s0\n"
	G_REPORT(MARK_READY)
	"b 1b\n");

static void pin(int cpu)
{
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	if (sched_setaffinity(0, sizeof(set), &set))
		fail("sched_setaffinity(CPU %d): %m", cpu);
}

static void set_online(int cpu, int online)
{
	char path[64];
	int fd;

	snprintf(path, sizeof(path), "/sys/devices/system/cpu/cpu%d/online",
		 cpu);
	fd = open(path, O_WRONLY);
	if (fd < 0)
		skip("%s: %m", path);
	if (write(fd, online ? "1" : "0", 1) != 1)
		fail("%s = %d: %m", path, online);
	close(fd);
}

static void expect_count(struct vcpu *v, u64 want)
{
	u64 *a = expect_report(v, MARK_READY);

	EXPECT_EQ(a[1], want, "guest count");
}

static int offline_online(void)
{
	struct vm *vm = VM_STD(g_count);
	struct vcpu *v = vcpu_new(vm, 0);
	int cpu = 1;

	if (sysconf(_SC_NPROCESSORS_ONLN) < 2)
		skip("one CPU only");
	pin(cpu);
	expect_count(v, 1);

	/* The thread moves elsewhere; the vCPU goes with it */
	set_online(cpu, 0);
	expect_count(v, 2);
	pin(0);
	expect_count(v, 3);

	set_online(cpu, 1);
	pin(cpu);
	expect_count(v, 4);
	expect_count(v, 5);
	return KT_PASS;
}

static const struct kt_case cases[] = {
	{ "offline_online", offline_online, 0 },
};

KT_MAIN("hotplug", cases)
