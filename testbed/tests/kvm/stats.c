// SPDX-License-Identifier: GPL-2.0
/*
 * Statistics: the backend counts exits by class (KVM_GET_STATS_FD), and
 * time in the guest is the task's guest time.
 */
#include "kvm-util.h"

GUEST(g_three_exits,
	"cpucfg $t0, $zero\n"
	"li.d $t1, " STR(MMIO_GPA) "\n"
	"st.d $t0, $t1, 0\n"
	G_DONE);

static int exit_counters(void)
{
	static const char *const names[] = {
		"cpucfg_exits", "mmio_exits", "hypercall_exits",
	};
	struct vm *vm = VM_STD(g_three_exits);
	struct vcpu *v = vcpu_new(vm, 0);
	u64 before[3], after;
	struct stats s;
	unsigned int i;

	stats_open(&s, v->fd);
	for (i = 0; i < ARRAY_SIZE(names); i++)
		before[i] = stat_value(&s, names[i]);

	expect_mmio(v, MMIO_GPA, 8, 1);
	expect_report(v, MARK_DONE);

	for (i = 0; i < ARRAY_SIZE(names); i++) {
		after = stat_value(&s, names[i]);
		EXPECT(after == before[i] + 1, "%s went from %llu to %llu",
		       names[i], (unsigned long long)before[i],
		       (unsigned long long)after);
	}
	return KT_PASS;
}

GUEST(g_forever, "99: b 99b\n");

/*
 * A signal exit counts once in signal_exits. The signal is pending but
 * blocked before KVM_RUN, and KVM_SET_SIGNAL_MASK unblocks it for the
 * run only: KVM_RUN then exits for it at once, and it stays pending.
 */
static int signal_exit_counter(void)
{
	struct vm *vm = VM_STD(g_forever);
	struct vcpu *v = vcpu_new(vm, 0);
	struct kvm_signal_mask *m = calloc(1, sizeof(*m) + 8);
	sigset_t usr1, during;
	struct stats s;
	u64 before, after;
	int r;

	sigemptyset(&usr1);
	sigaddset(&usr1, SIGUSR1);
	pthread_sigmask(SIG_BLOCK, &usr1, NULL);
	pthread_sigmask(SIG_BLOCK, NULL, &during);
	sigdelset(&during, SIGUSR1);
	m->len = 8;
	memcpy(m->sigset, &during, 8);
	EXPECT_OK(xioctl(v->fd, KVM_SET_SIGNAL_MASK, m), "KVM_SET_SIGNAL_MASK");
	pthread_kill(pthread_self(), SIGUSR1);

	stats_open(&s, v->fd);
	before = stat_value(&s, "signal_exits");
	r = vcpu_run(v);
	EXPECT_ERR(r, -EINTR, "KVM_RUN with a signal pending");
	EXPECT_EQ(v->run->exit_reason, KVM_EXIT_INTR, "exit_reason");
	after = stat_value(&s, "signal_exits");
	EXPECT(after == before + 1, "signal_exits went from %llu to %llu",
	       (unsigned long long)before, (unsigned long long)after);
	return KT_PASS;
}

/* Spin 20 ms on rdtime (100 MHz counter), report, again */
GUEST(g_spin,
	"0: rdtime.d $t0, $zero\n"
	"li.d $t1, 2000000\n"
	"add.d $t1, $t0, $t1\n"
	"1: rdtime.d $t2, $zero\n"
	"bltu $t2, $t1, 1b\n"
	"ori $a0, $zero, 0x7e\n"
	HVCL(0x102)
	"b 0b\n");

/* This process's guest time, field 43 of /proc/self/stat, in ticks */
static unsigned long guest_ticks(void)
{
	char buf[1024], *p;
	unsigned long v = 0;
	int fd = open("/proc/self/stat", O_RDONLY), field;
	ssize_t n = read(fd, buf, sizeof(buf) - 1);

	close(fd);
	if (n <= 0)
		fail("reading /proc/self/stat: %m");
	buf[n] = '\0';
	/* Fields after the command name, which ends with ')' */
	p = strrchr(buf, ')');
	for (field = 2; p && field < 43; field++)
		p = strchr(p + 1, ' ');
	if (!p || sscanf(p, " %lu", &v) != 1)
		fail("no guest_time in /proc/self/stat");
	return v;
}

/* Spend @ms in the kernel (system time is what guest time is taken from) */
static void host_kernel_spin(int ms)
{
	static char buf[1 << 20];
	struct timespec start, now;
	int fd = open("/dev/zero", O_RDONLY);

	clock_gettime(CLOCK_MONOTONIC, &start);
	do {
		if (read(fd, buf, sizeof(buf)) <= 0)
			fail("reading /dev/zero: %m");
		clock_gettime(CLOCK_MONOTONIC, &now);
	} while ((now.tv_sec - start.tv_sec) * 1000 +
		 (now.tv_nsec - start.tv_nsec) / 1000000 < ms);
	close(fd);
}

/*
 * CPU time in the guest counts as guest time, and only that: time in the
 * host kernel after the guest ran adds none. The guest spins until this
 * process has 100 ms of guest time (however long a loaded host takes to
 * give it that, up to a minute).
 */
static int guest_time(void)
{
	struct vm *vm = VM_STD(g_spin);
	struct vcpu *v = vcpu_new(vm, 0);
	unsigned long want = sysconf(_SC_CLK_TCK) / 10, t0, t1, t2;
	u64 deadline = now_ms() + 60000;

	t0 = guest_ticks();
	do {
		expect_report(v, MARK_READY);
		t1 = guest_ticks();
	} while (t1 - t0 < want && now_ms() < deadline);
	EXPECT(t1 - t0 >= want,
	       "a minute of spinning in the guest gave %lu ticks of guest time, expected %lu",
	       t1 - t0, want);
	host_kernel_spin(300);
	t2 = guest_ticks();
	EXPECT(t2 - t1 <= want / 5,
	       "300 ms in the host kernel after the guest gave %lu ticks of guest time",
	       t2 - t1);
	return KT_PASS;
}

static const struct kt_case cases[] = {
	{ "exit_counters", exit_counters, 0 },
	{ "signal_exit_counter", signal_exit_counter, 0 },
	{ "guest_time", guest_time, 0 },
};

KT_MAIN("stats", cases)
