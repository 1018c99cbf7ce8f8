/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Waiting until the testbed host is idle, before something is measured:
 * a kernel can go on working after boot (Debian's runs its crypto
 * self-tests then). For vmm-test (boot-bench.sh) and kvm-bench.
 */
#ifndef HOST_IDLE_H
#define HOST_IDLE_H

#include <stdio.h>
#include <time.h>
#include <unistd.h>

/* The CPU time of all CPUs so far, and how much of it was idle */
static inline int cpu_times(unsigned long long *total,
			    unsigned long long *idle)
{
	unsigned long long v[8] = { 0 };
	FILE *f = fopen("/proc/stat", "r");
	int n;

	if (!f)
		return -1;
	n = fscanf(f, "cpu %llu %llu %llu %llu %llu %llu %llu %llu", &v[0],
		   &v[1], &v[2], &v[3], &v[4], &v[5], &v[6], &v[7]);
	fclose(f);
	if (n != 8)
		return -1;
	*total = 0;
	for (int i = 0; i < 8; i++)
		*total += v[i];
	*idle = v[3] + v[4];
	return 0;
}

/*
 * Wait until the host has been idle (98%) for 2 s in a row, at most
 * @limit_s seconds. Return: the seconds waited.
 */
static inline double wait_host_idle(int limit_s)
{
	unsigned long long t0, i0, t1, i1;
	struct timespec start, ts;
	double waited = 0;

	clock_gettime(CLOCK_MONOTONIC, &start);
	while (waited < limit_s && !cpu_times(&t0, &i0)) {
		sleep(2);
		clock_gettime(CLOCK_MONOTONIC, &ts);
		waited = ts.tv_sec - start.tv_sec +
			 (ts.tv_nsec - start.tv_nsec) / 1e9;
		if (cpu_times(&t1, &i1))
			break;
		if (t1 > t0 && (i1 - i0) * 100 >= (t1 - t0) * 98)
			break;
	}
	return waited;
}

#endif
