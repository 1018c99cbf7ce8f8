// SPDX-License-Identifier: GPL-2.0
/*
 * A unit's first use in a process: the bits that no narrower state of the
 * process covers are all ones, never what another process left in the
 * CPU's registers. Another process fills the registers of CPU 0 first;
 * then this one, on CPU 0 too, uses LASX for the first time; a child
 * uses FP, then LSX, then LASX.
 */
#define _GNU_SOURCE
#include <sched.h>
#include <unistd.h>
#include <sys/wait.h>
#include "../tb.h"
#include "vec.h"

#define ONES	(~0ULL)

static void pin0(void)
{
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(0, &set);
	if (sched_setaffinity(0, sizeof(set), &set))
		tb_fail("sched_setaffinity: %m");
}

/* Words [from, to) of every register are all ones */
static void expect_ones(const struct vregs *v, int from, int to,
			const char *what)
{
	int i, j;

	for (i = 0; i < 32; i++)
		for (j = from; j < to; j++)
			if (v->r[i][j] != ONES)
				tb_fail("%s: register %d word %d is 0x%llx, not all ones",
					what, i, j, (unsigned long long)v->r[i][j]);
}

static int child_fp_lsx_lasx(void)
{
	struct vregs fp, v, q;
	int d;

	vec_pattern(&fp, 7);
	vec_put(8, &fp);
	vec_get(16, &v);
	d = vec_diff(8, &fp, &v);
	if (d >= 0)
		tb_fail("LSX after FP: register %d lost its FP value", d / 4);
	expect_ones(&v, 1, 2, "LSX after FP");
	vec_get(32, &v);
	if (vec_diff(8, &fp, &v) >= 0)
		tb_fail("LASX after LSX: the FP values changed");
	expect_ones(&v, 1, 4, "LASX after LSX");
	vec_pattern(&q, 8);
	vec_put(32, &q);
	vec_get(32, &v);
	if (vec_diff(32, &q, &v) >= 0)
		tb_fail("LASX registers do not hold what was loaded");
	return 0;
}

int main(int argc, char **argv)
{
	struct vregs dirty, v;
	pid_t pid;
	int status, i;

	if (!vec_width_ok(32))
		return TB_SKIP;
	pin0();
	vec_pattern(&dirty, 0xd1);
	if (argc > 1) {
		/* The other process: leave a pattern in the registers */
		vec_put(32, &dirty);
		return 0;
	}

	pid = fork();
	if (pid == 0) {
		execl("/proc/self/exe", argv[0], "dirty", (char *)NULL);
		_exit(127);
	}
	if (waitpid(pid, &status, 0) != pid || status)
		tb_fail("the process that fills the registers: status 0x%x",
			status);

	vec_get(32, &v);
	expect_ones(&v, 1, 4, "first LASX use");
	for (i = 0; i < 32; i++)
		if (v.r[i][0] == dirty.r[i][0])
			tb_fail("first LASX use: register %d holds the other process's value",
				i);

	pid = fork();
	if (pid == 0)
		_exit(child_fp_lsx_lasx());
	if (waitpid(pid, &status, 0) != pid || status)
		tb_fail("FP, LSX, LASX in turn: child status 0x%x", status);
	printf("first uses: all ones beyond the live state, nothing of another process\n");
	return 0;
}
