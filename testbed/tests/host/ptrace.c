// SPDX-License-Identifier: GPL-2.0
/*
 * A tracer reads and writes a stopped tracee's vector registers through
 * the NT_LOONGARCH_LSX and NT_LOONGARCH_LASX regsets (and the FP part
 * through NT_PRFPREG): what the tracee's live state does not cover reads
 * as all ones, and what the tracer writes is what the tracee has when it
 * goes on.
 */
#include <elf.h>
#include <signal.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <unistd.h>
#include "../tb.h"
#include "vec.h"

#ifndef NT_LOONGARCH_LSX
#define NT_LOONGARCH_LSX	0xa02
#define NT_LOONGARCH_LASX	0xa03
#endif

static int tracee(int w, int set_w)
{
	struct vregs in, out, want;
	int d;

	vec_pattern(&in, w);
	vec_pattern(&want, 100 + w);
	if (ptrace(PTRACE_TRACEME, 0, 0, 0))
		return 2;
	vec_syscall(w, &in, &out, SYS_kill, getpid(), SIGSTOP, 0);
	d = vec_diff(set_w < w ? set_w : w, &want, &out);
	if (d >= 0) {
		printf("FAIL: tracee width %d: register %d word %d is 0x%llx after the tracer's write, expected 0x%llx\n",
		       w, d / 4, d % 4, (unsigned long long)out.r[d / 4][d % 4],
		       (unsigned long long)want.r[d / 4][d % 4]);
		return 1;
	}
	return 0;
}

static void getregset(pid_t pid, int type, void *buf, size_t len)
{
	struct iovec iov = { buf, len };

	if (ptrace(PTRACE_GETREGSET, pid, (void *)(long)type, &iov))
		tb_fail("PTRACE_GETREGSET 0x%x: %m", type);
	if (iov.iov_len != len)
		tb_fail("PTRACE_GETREGSET 0x%x: %zu bytes, expected %zu", type,
			iov.iov_len, len);
}

/* A tracee that uses width @w; the tracer reads all, writes @set_w */
static void one(int w, int set_w)
{
	uint8_t lasx[32][32], lsx[32][16];
	uint64_t fp[32 + 2];
	struct vregs in, want;
	struct iovec iov;
	int status, i, b;
	pid_t pid;

	fflush(stdout);
	pid = fork();
	if (pid == 0)
		_exit(tracee(w, set_w));
	if (waitpid(pid, &status, 0) != pid || !WIFSTOPPED(status))
		tb_fail("width %d: the tracee did not stop (0x%x)", w, status);

	vec_pattern(&in, w);
	getregset(pid, NT_LOONGARCH_LASX, lasx, sizeof(lasx));
	getregset(pid, NT_LOONGARCH_LSX, lsx, sizeof(lsx));
	getregset(pid, NT_PRFPREG, fp, sizeof(fp));
	for (i = 0; i < 32; i++) {
		for (b = 0; b < 32; b++) {
			uint8_t v = b < w ? ((uint8_t *)in.r[i])[b] : 0xff;

			if (lasx[i][b] != v)
				tb_fail("width %d: LASX regset register %d byte %d is 0x%x, expected 0x%x",
					w, i, b, lasx[i][b], v);
			if (b < 16 && lsx[i][b] != v)
				tb_fail("width %d: LSX regset register %d byte %d is 0x%x, expected 0x%x",
					w, i, b, lsx[i][b], v);
		}
		if (fp[i] != in.r[i][0])
			tb_fail("width %d: NT_PRFPREG register %d is 0x%llx", w,
				i, (unsigned long long)fp[i]);
	}

	vec_pattern(&want, 100 + w);
	for (i = 0; i < 32; i++) {
		memcpy(lasx[i], want.r[i], 32);
		memcpy(lsx[i], want.r[i], 16);
	}
	iov.iov_base = set_w == 32 ? (void *)lasx : (void *)lsx;
	iov.iov_len = set_w == 32 ? sizeof(lasx) : sizeof(lsx);
	if (ptrace(PTRACE_SETREGSET, pid,
		   (void *)(long)(set_w == 32 ? NT_LOONGARCH_LASX :
				  NT_LOONGARCH_LSX), &iov))
		tb_fail("PTRACE_SETREGSET width %d: %m", set_w);
	if (ptrace(PTRACE_CONT, pid, 0, 0))
		tb_fail("PTRACE_CONT: %m");
	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status) ||
	    WEXITSTATUS(status))
		tb_fail("width %d, written %d: tracee status 0x%x", w, set_w,
			status);
	printf("tracee width %d: read all three regsets, wrote %d bytes each\n",
	       w, set_w);
}

int main(void)
{
	if (!vec_width_ok(32))
		return TB_SKIP;
	one(8, 16);
	one(16, 16);
	one(16, 32);
	one(32, 32);
	one(32, 16);
	return 0;
}
