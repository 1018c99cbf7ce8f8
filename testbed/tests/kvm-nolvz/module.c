// SPDX-License-Identifier: GPL-2.0
/*
 * On a CPU without LVZ, the KVM module refuses to load with ENODEV and
 * says so in one kernel log line, and nothing else happens: no /dev/kvm
 * (lvz.md 1).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <glob.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "../tb.h"

#define KVM_KO "/lib/modules/*/kernel/arch/loongarch/kvm/kvm.ko"

/* Kernel log lines that mention kvm */
static int kvm_log_lines(void)
{
	char rec[2048];
	int fd = open("/dev/kmsg", O_RDONLY | O_NONBLOCK), n = 0;
	ssize_t len;

	if (fd < 0)
		tb_fail("/dev/kmsg: %s", strerror(errno));
	while ((len = read(fd, rec, sizeof(rec) - 1)) > 0 || errno == EPIPE) {
		if (len <= 0)
			continue;
		rec[len] = '\0';
		if (strstr(rec, "kvm"))
			n++;
	}
	close(fd);
	return n;
}

int main(void)
{
	glob_t g;
	int fd, ret, before;

	if (glob(KVM_KO, 0, NULL, &g) || g.gl_pathc != 1)
		tb_fail("no kvm.ko under /lib/modules");
	fd = open(g.gl_pathv[0], O_RDONLY);
	if (fd < 0)
		tb_fail("open %s: %s", g.gl_pathv[0], strerror(errno));

	before = kvm_log_lines();
	ret = syscall(SYS_finit_module, fd, "", 0);
	if (ret == 0)
		tb_fail("kvm.ko loaded on a CPU without LVZ");
	if (errno != ENODEV)
		tb_fail("finit_module: %s, expected ENODEV", strerror(errno));
	if (kvm_log_lines() - before != 1)
		tb_fail("%d kernel log lines about kvm, expected 1",
			kvm_log_lines() - before);
	if (access("/dev/kvm", F_OK) == 0)
		tb_fail("/dev/kvm exists");
	printf("kvm.ko refused with ENODEV\n");
	return 0;
}
