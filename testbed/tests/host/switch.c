// SPDX-License-Identifier: GPL-2.0
/*
 * Vector registers survive context switches: threads of two processes,
 * all on CPU 0, load their own values (FP, LSX or LASX wide), yield the
 * CPU to the others in a system call, and find their values again.
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <sched.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include "../tb.h"
#include "vec.h"

#define ROUNDS	3000

struct worker {
	pthread_t thread;
	int width;
	uint64_t seed;
	int bad;		/* register * 4 + word + 1 of the first mismatch */
	int round;
};

static void *work(void *arg)
{
	struct worker *w = arg;
	struct vregs in, out;

	for (w->round = 0; w->round < ROUNDS; w->round++) {
		vec_pattern(&in, w->seed + w->round);
		memset(&out, 0, sizeof(out));
		vec_syscall(w->width, &in, &out, SYS_sched_yield, 0, 0, 0);
		w->bad = vec_diff(w->width, &in, &out) + 1;
		if (w->bad)
			break;
	}
	return NULL;
}

/* One process's workers: widths 8, 16, 32, 32 */
static int run_workers(uint64_t seed)
{
	static const int widths[] = { 8, 16, 32, 32 };
	struct worker w[4];
	unsigned int i;
	int failed = 0;

	for (i = 0; i < 4; i++) {
		w[i] = (struct worker){ .width = widths[i],
					.seed = seed + i * 100000 };
		if (!vec_width_ok(w[i].width))
			w[i].width = 8;
		if (pthread_create(&w[i].thread, NULL, work, &w[i]))
			tb_fail("pthread_create");
	}
	for (i = 0; i < 4; i++) {
		pthread_join(w[i].thread, NULL);
		if (w[i].bad) {
			printf("FAIL: process %llu, width %d: register %d word %d changed in round %d\n",
			       (unsigned long long)seed, w[i].width,
			       (w[i].bad - 1) / 4, (w[i].bad - 1) % 4,
			       w[i].round);
			failed = 1;
		}
	}
	return failed;
}

int main(void)
{
	cpu_set_t set;
	pid_t pid;
	int status, failed;

	if (!vec_width_ok(16))
		return TB_SKIP;
	CPU_ZERO(&set);
	CPU_SET(0, &set);
	if (sched_setaffinity(0, sizeof(set), &set))
		tb_fail("sched_setaffinity: %m");
	pid = fork();
	if (pid == 0)
		_exit(run_workers(2000000));
	failed = run_workers(1000000);
	if (waitpid(pid, &status, 0) != pid || status)
		failed = 1;
	if (failed)
		return 1;
	printf("8 threads x %d switches: every register intact\n", ROUNDS);
	return 0;
}
