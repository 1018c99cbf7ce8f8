// SPDX-License-Identifier: GPL-2.0
/*
 * Tracepoints: with the kvm_loongarch events enabled, a guest that stores
 * to MMIO and leaves by hvcl shows its entry, both exits, the MMIO
 * access and the hypercall in the trace.
 */
#include "kvm-util.h"

#define TRACING	"/sys/kernel/debug/tracing"

GUEST(g_traced,
	"li.d $t1, " STR(MMIO_GPA) "\n"
	"st.w $t1, $t1, 0\n"
	G_DONE);

static void write_file(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY | O_TRUNC);

	if (fd < 0)
		skip("%s: %m (no tracing)", path);
	if (write(fd, text, strlen(text)) != (ssize_t)strlen(text))
		fail("writing %s: %m", path);
	close(fd);
}

static char *read_trace(void)
{
	static char buf[65536];
	ssize_t n, len = 0;
	int fd = open(TRACING "/trace", O_RDONLY);

	if (fd < 0)
		fail("open trace: %m");
	while ((n = read(fd, buf + len, sizeof(buf) - 1 - len)) > 0)
		len += n;
	buf[len] = '\0';
	close(fd);
	return buf;
}

static int events(void)
{
	static const char *const want[] = {
		"kvm_loongarch_enter: vcpu 0 pc 0x0",
		"kvm_loongarch_mmio: vcpu 0 write 4 bytes at 0x40000000",
		"kvm_loongarch_exit: vcpu 0 ecode 2 ",	/* TLBS: the store */
		"kvm_loongarch_exit: vcpu 0 ecode 23 ",
		"kvm_loongarch_hypercall: vcpu 0 hvcl 0x102",
	};
	struct vm *vm = VM_STD(g_traced);
	struct vcpu *v = vcpu_new(vm, 0);
	const char *trace;
	unsigned int i;

	write_file(TRACING "/trace", "");
	write_file(TRACING "/events/kvm_loongarch/enable", "1");
	expect_mmio(v, MMIO_GPA, 4, 1);
	expect_report(v, MARK_DONE);
	write_file(TRACING "/events/kvm_loongarch/enable", "0");

	trace = read_trace();
	for (i = 0; i < ARRAY_SIZE(want); i++)
		EXPECT(strstr(trace, want[i]), "no \"%s\" in the trace", want[i]);
	return KT_PASS;
}

static const struct kt_case cases[] = {
	{ "events", events, 0 },
};

KT_MAIN("trace", cases)
