// SPDX-License-Identifier: GPL-2.0
/*
 * On a CPU without LSX and LASX (the testbed CPU with lsx=off,lasx=off),
 * a vector instruction gets SIGILL, as on 6.1 before vector support, and
 * FP still works.
 */
#include <setjmp.h>
#include <signal.h>
#include "../tb.h"
#include "../host/vec.h"

static sigjmp_buf env;
static volatile int got;

static void on_sigill(int sig)
{
	got = sig;
	siglongjmp(env, 1);
}

static int traps(int width)
{
	static struct vregs v;

	got = 0;
	if (!sigsetjmp(env, 1))
		vec_get(width, &v);
	return got;
}

int main(void)
{
	struct sigaction sa = { .sa_handler = on_sigill };
	struct vregs in, out;

	if (getauxval(AT_HWCAP) & (HWCAP_LSX | HWCAP_LASX))
		tb_fail("AT_HWCAP 0x%lx reports a vector unit: not the CPU this suite needs",
			getauxval(AT_HWCAP));
	sigaction(SIGILL, &sa, NULL);
	if (traps(16) != SIGILL)
		tb_fail("vst: signal %d, expected SIGILL", got);
	if (traps(32) != SIGILL)
		tb_fail("xvst: signal %d, expected SIGILL", got);
	if (traps(8))
		tb_fail("fst.d: signal %d, expected none", got);
	vec_pattern(&in, 1);
	vec_put(8, &in);
	vec_get(8, &out);
	if (vec_diff(8, &in, &out) >= 0)
		tb_fail("FP registers do not hold what was loaded");
	printf("LSX and LASX: SIGILL; FP works\n");
	return 0;
}
