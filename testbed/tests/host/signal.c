// SPDX-License-Identifier: GPL-2.0
/*
 * Signal frames carry the widest live unit's registers: an FP, LSX or
 * LASX context record (uapi asm/sigcontext.h) with the values the code
 * had when the signal came. A handler that uses the units itself does
 * not change the interrupted code's registers, and what it writes into
 * the record is what the code has after sigreturn.
 */
#include <signal.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <ucontext.h>
#include <unistd.h>
#include <asm/sigcontext.h>
#include "../tb.h"
#include "vec.h"

#define CHANGED_REG	5

static struct vregs in, changed, junk;
static int width;
static volatile unsigned int seen_magic;
static volatile int record_bad = -2;

static void handler(int sig, siginfo_t *si, void *ucv)
{
	ucontext_t *uc = ucv;
	struct sctx_info *info = (void *)uc->uc_mcontext.__extcontext;
	uint64_t *regs = (uint64_t *)(info + 1);
	int i, j, words = width / 8;

	(void)sig;
	(void)si;
	seen_magic = info->magic;
	/* Every register as loaded, then register CHANGED_REG from changed */
	record_bad = -1;
	for (i = 0; i < 32 && record_bad < 0; i++)
		for (j = 0; j < words; j++)
			if (regs[i * words + j] != in.r[i][j]) {
				record_bad = i * 4 + j;
				break;
			}
	for (j = 0; j < words; j++)
		regs[CHANGED_REG * words + j] = changed.r[CHANGED_REG][j];
	/* The handler's own use of every unit */
	vec_put(vec_width_ok(32) ? 32 : 16, &junk);
}

static int one_width(int w)
{
	static const unsigned int magic[33] = {
		[8] = FPU_CTX_MAGIC, [16] = LSX_CTX_MAGIC, [32] = LASX_CTX_MAGIC,
	};
	struct sigaction sa = { .sa_sigaction = handler,
				.sa_flags = SA_SIGINFO };
	struct vregs out, want;
	int d;

	width = w;
	vec_pattern(&in, w);
	vec_pattern(&changed, 1000 + w);
	vec_pattern(&junk, 2000 + w);
	sigaction(SIGUSR1, &sa, NULL);
	vec_syscall(w, &in, &out, SYS_kill, getpid(), SIGUSR1, 0);

	if (seen_magic != magic[w])
		tb_fail("width %d: record magic 0x%x, expected 0x%x", w,
			seen_magic, magic[w]);
	if (record_bad >= 0)
		tb_fail("width %d: the record's register %d word %d is not the code's",
			w, record_bad / 4, record_bad % 4);
	want = in;
	memcpy(want.r[CHANGED_REG], changed.r[CHANGED_REG],
	       sizeof(want.r[0]));
	d = vec_diff(w, &want, &out);
	if (d >= 0)
		tb_fail("width %d: after sigreturn register %d word %d is 0x%llx, expected 0x%llx",
			w, d / 4, d % 4, (unsigned long long)out.r[d / 4][d % 4],
			(unsigned long long)want.r[d / 4][d % 4]);
	printf("width %d: record 0x%x, registers restored from it\n", w,
	       seen_magic);
	return 0;
}

int main(void)
{
	static const int widths[] = { 8, 16, 32 };
	unsigned int i;
	int status;
	pid_t pid;

	if (!vec_width_ok(16))
		return TB_SKIP;
	/* A new process for each: its live width is the one it uses */
	for (i = 0; i < 3; i++) {
		if (!vec_width_ok(widths[i]))
			continue;
		fflush(stdout);
		pid = fork();
		if (pid == 0)
			_exit(one_width(widths[i]));
		if (waitpid(pid, &status, 0) != pid || status)
			tb_fail("width %d: status 0x%x", widths[i], status);
	}
	return 0;
}
