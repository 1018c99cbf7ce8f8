// SPDX-License-Identifier: GPL-2.0
/*
 * check-vmm, on the testbed host: QEMU (Debian's 10.0 source, built for a
 * LoongArch host) runs a Linux guest with -accel kvm on our backend, and
 * the guest's /init (guest-init.c) does what each case asks.
 *
 *   vmm-test LABEL QEMU FIRMWARE KERNEL INITRD
 *
 * With LABEL "distro" (check-distro), everything happens in the chroot
 * /distro, a Debian loong64 root: QEMU is Debian's own binary, and the
 * guest's initrd holds a Debian userspace (vmm=distro in guest-init.c).
 *
 * FIRMWARE is the UEFI firmware (-bios), which starts KERNEL, an EFI
 * application (Linux's EFI stub, or the EFI zboot image of a
 * distribution's kernel), with INITRD and the command line that QEMU
 * hands it.
 *
 * Prints "RESULT LABEL/CASE PASS|FAIL reason" per case and exits 1 if any
 * failed. Every wait is on a condition (a console line, QEMU's exit),
 * with a generous limit: nothing depends on the machine's speed, except
 * the guest timer case, whose point is to compare the guest's time with
 * the host's.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>

#include "vmm-disk.h"
#include "host-idle.h"
#include "../bench/mark.h"

#define LIMIT_S		900	/* for anything a guest does: boot, run */
#define DISK		"/tmp/vmm-disk.img"
#define DISK_DATA	(8 << 20)	/* checksummed by the guest */
#define DISK_SIZE	(DISK_DATA + (1 << 20))	/* + the MiB it writes */
#define MONITOR		"/tmp/vmm-monitor.sock"
#define MIGRATION	"/tmp/vmm-migration.bin"

static const char *label, *qemu, *kernel, *initrd, *firmware;
static const char *accel = "kvm";
static const char *mem = "256M";
static int failed;

struct vm {
	pid_t pid;
	int out;		/* QEMU's stdout: the guest's console */
	int in;			/* QEMU's stdin: typed on the console */
	char buf[8192];
	size_t len;
	int status;		/* of QEMU, once it exited */
	int exited;
};

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void result(const char *name, const char *fmt, ...)
{
	va_list ap;

	printf("RESULT %s/%s %s", label, name, fmt ? "FAIL " : "PASS");
	if (fmt) {
		va_start(ap, fmt);
		vprintf(fmt, ap);
		va_end(ap);
		failed = 1;
	}
	putchar('\n');
	fflush(stdout);
}

/* Start QEMU: the common options, then @extra (NULL-terminated) */
static void vm_start(struct vm *vm, int smp, const char *append,
		     const char *const extra[])
{
	char smp_s[16], app[1024];
	const char *argv[64];
	int p[2], pin[2], n = 0, i;

	snprintf(smp_s, sizeof(smp_s), "%d", smp);
	snprintf(app, sizeof(app),
		 "console=ttyS0,115200 earlycon=uart,mmio,0x1fe001e0 rdinit=/init %s",
		 append);
	argv[n++] = qemu;
	argv[n++] = "-M";
	argv[n++] = "virt";
	argv[n++] = "-accel";
	argv[n++] = accel;
	argv[n++] = "-smp";
	argv[n++] = smp_s;
	argv[n++] = "-m";
	argv[n++] = mem;
	argv[n++] = "-nodefaults";
	argv[n++] = "-no-user-config";
	argv[n++] = "-display";
	argv[n++] = "none";
	argv[n++] = "-serial";
	argv[n++] = "stdio";
	argv[n++] = "-kernel";
	argv[n++] = kernel;
	argv[n++] = "-initrd";
	argv[n++] = initrd;
	argv[n++] = "-append";
	argv[n++] = app;
	argv[n++] = "-bios";
	argv[n++] = firmware;
	for (i = 0; extra && extra[i]; i++)
		argv[n++] = extra[i];
	argv[n] = NULL;

	memset(vm, 0, sizeof(*vm));
	if (pipe2(p, O_CLOEXEC) || pipe2(pin, O_CLOEXEC))
		exit(2);
	fflush(stdout);
	vm->pid = fork();
	if (vm->pid == 0) {
		dup2(pin[0], 0);
		dup2(p[1], 1);
		dup2(p[1], 2);
		execv(qemu, (char *const *)argv);
		printf("exec %s: %m\n", qemu);
		_exit(127);
	}
	close(p[1]);
	close(pin[0]);
	vm->out = p[0];
	vm->in = pin[1];
}

/*
 * Read the console until a line contains @what (returned, in a static
 * buffer, with the time it arrived in *@t), QEMU exits, or @limit seconds
 * pass. Every line is echoed, prefixed, to our stdout.
 */
static const char *vm_wait(struct vm *vm, const char *what, double limit,
			   double *t)
{
	static char line[sizeof(vm->buf)];
	double end = now() + limit;
	char *nl;
	ssize_t n;

	for (;;) {
		while ((nl = memchr(vm->buf, '\n', vm->len))) {
			size_t l = nl - vm->buf + 1;

			memcpy(line, vm->buf, l - 1);
			line[l - 1] = '\0';
			if (l > 1 && line[l - 2] == '\r')
				line[l - 2] = '\0';
			memmove(vm->buf, vm->buf + l, vm->len - l);
			vm->len -= l;
			printf("  | %s\n", line);
			if (what && strstr(line, what)) {
				if (t)
					*t = now();
				return line;
			}
		}
		if (vm->exited || now() > end)
			return NULL;
		struct pollfd pfd = { .fd = vm->out, .events = POLLIN };

		if (poll(&pfd, 1, 200) > 0) {
			n = read(vm->out, vm->buf + vm->len,
				 sizeof(vm->buf) - 1 - vm->len);
			if (n > 0) {
				vm->len += n;
				if (vm->len == sizeof(vm->buf) - 1) {
					vm->buf[vm->len++] = '\n';
				}
				continue;
			}
			/* EOF: QEMU is gone */
			waitpid(vm->pid, &vm->status, 0);
			vm->exited = 1;
			if (vm->len && vm->buf[vm->len - 1] != '\n')
				vm->buf[vm->len++] = '\n';
		}
	}
}

/* Wait for QEMU to exit by itself; kill it after @limit seconds */
static int vm_end(struct vm *vm, double limit)
{
	vm_wait(vm, NULL, limit, NULL);
	close(vm->in);
	if (!vm->exited) {
		kill(vm->pid, SIGKILL);
		waitpid(vm->pid, &vm->status, 0);
		close(vm->out);
		return -1;
	}
	close(vm->out);
	return WIFEXITED(vm->status) ? WEXITSTATUS(vm->status) : 128;
}

/* A guest that powers off cleanly: QEMU exits 0 after "power off (done)" */
static const char *vm_finish(struct vm *vm)
{
	static char why[128];
	const char *l = vm_wait(vm, "GUEST: power off", LIMIT_S, NULL);
	int done, st;

	if (!l) {
		vm_end(vm, 0);
		return "the guest did not power off";
	}
	/* Before vm_end(), whose reads reuse the line's buffer */
	done = !!strstr(l, "(done)");
	st = vm_end(vm, LIMIT_S);
	if (!done)
		return "the guest failed (see its console)";
	if (st) {
		snprintf(why, sizeof(why), "QEMU exit status %d after power off", st);
		return why;
	}
	return NULL;
}

/* One HMP command on QEMU's monitor socket; its answer is echoed */
static int monitor(const char *cmd, const char *expect)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	char buf[16384] = "";
	size_t len = 0;
	double end = now() + LIMIT_S;
	int fd, found = !expect;
	ssize_t n;

	strcpy(sa.sun_path, MONITOR);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	while (connect(fd, (struct sockaddr *)&sa, sizeof(sa))) {
		if (now() > end)
			return -1;
		usleep(100000);
	}
	if (dprintf(fd, "%s\n", cmd) < 0)
		return -1;
	/*
	 * The banner ends with a prompt, and the answer with the next one;
	 * "quit" closes the connection instead
	 */
	while (now() < end) {
		struct pollfd pfd = { .fd = fd, .events = POLLIN };
		char *p = buf;
		int prompts = 0;

		if (poll(&pfd, 1, 200) <= 0)
			continue;
		n = read(fd, buf + len, sizeof(buf) - 1 - len);
		if (n <= 0)
			break;
		len += n;
		buf[len] = '\0';
		while ((p = strstr(p, "(qemu)")))
			prompts++, p += 6;
		if (prompts >= 2 || len == sizeof(buf) - 1)
			break;
	}
	close(fd);
	if (expect && strstr(buf, expect))
		found = 1;
	for (char *l = strtok(buf, "\n"); l; l = strtok(NULL, "\n"))
		printf("  monitor> %s\n", l);
	return found ? 0 : -1;
}

/* Boot to init and power off, with @smp vCPUs */
static void boot(int smp)
{
	char name[32], expect[64];
	struct vm vm;
	const char *why;

	snprintf(name, sizeof(name), "boot-%dcpu", smp);
	snprintf(expect, sizeof(expect), "%d CPUs online", smp);
	vm_start(&vm, smp, "vmm=hello", NULL);
	if (!vm_wait(&vm, expect, LIMIT_S, NULL)) {
		vm_end(&vm, 0);
		return result(name, "no \"%s\" from the guest's init", expect);
	}
	why = vm_finish(&vm);
	result(name, why ? "%s" : NULL, why);
}

/* Once the host is idle (host-idle.h), at most LIMIT_S seconds */
static void wait_idle(void)
{
	printf("  host idle after %.0f s\n", wait_host_idle(LIMIT_S));
}

/*
 * Not a test: @n boots of the guest (1 vCPU) to its init, which powers off
 * at once, with -accel @accel, for boot-bench.sh and bench.sh, once the
 * host is idle. Each prints the seconds from QEMU's start to the init's
 * hello and to QEMU's exit. For bench.sh, each boot is also a pair of
 * measurements between marks (mark.h), of no boot and of one, from
 * QEMU's start to its exit; of several boots, the first is not measured
 * (the host's first costs about 40% more, on every kernel).
 */
static void bench(int n)
{
	double t0, t1, t2;
	const char *why;
	struct vm vm;

	wait_idle();
	for (int i = 0; i < n; i++) {
		/* Of several boots, the first only warms the host up */
		int marked = n == 1 || i;

		if (marked) {
			printf("BENCH guest-boot 0 all\n");
			BENCH_MARK(1);
			BENCH_MARK(2);
			printf("BENCH guest-boot 1 all\n");
			fflush(stdout);
			BENCH_MARK(1);
		}
		t0 = now();
		vm_start(&vm, 1, "vmm=hello", NULL);
		/* Nested TCG is slow: ten times the usual limit */
		if (!vm_wait(&vm, "GUEST: hello", 10 * LIMIT_S, &t1)) {
			vm_end(&vm, 0);
			return result("bench", "boot %d: no hello from the guest",
				      i + 1);
		}
		why = vm_finish(&vm);
		if (marked)
			BENCH_MARK(2);
		if (why)
			return result("bench", "boot %d: %s", i + 1, why);
		t2 = now();
		printf("BOOT accel=%s %d/%d: init %.3f s, exit %.3f s\n",
		       accel, i + 1, n, t1 - t0, t2 - t0);
	}
	result("bench", NULL);
}

/*
 * A 1 s sleep in the guest takes 1 s of host time: measured over five
 * sleeps in a row, so that the delay of a console line through the
 * guest's UART, QEMU and the pipe, which varies with the machine's load,
 * counts once for five seconds. A sleep never ends early (0.9 s at
 * least), but on a loaded machine its wake-up can be late: 1.226 s was
 * seen with the testbed at nice 19 beside a cold build. The upper limit
 * is generous for that (2 s), so it catches a timer at half speed only.
 */
static void timer(void)
{
	double t0, t1, host;
	struct vm vm;
	const char *why;

	vm_start(&vm, 1, "vmm=sleep", NULL);
	if (!vm_wait(&vm, "GUEST: sleeping", LIMIT_S, &t0) ||
	    !vm_wait(&vm, "GUEST: slept 5 ", LIMIT_S, &t1)) {
		vm_end(&vm, 0);
		return result("timer", "the guest did not sleep");
	}
	host = (t1 - t0) / 5;
	printf("  guest sleep of 1 s: %.3f s of host time (mean of 5)\n", host);
	why = vm_finish(&vm);
	if (why)
		return result("timer", "%s", why);
	if (host < 0.9 || host > 2.0)
		return result("timer", "1 s in the guest took %.3f s", host);
	result("timer", NULL);
}

static uint64_t fnv1a(const unsigned char *p, size_t n)
{
	uint64_t h = FNV1A64_INIT;

	while (n--)
		h = fnv1a64(h, *p++);
	return h;
}

/* QEMU's options for the disk image DISK, the guest's /dev/vda */
#define DISK_OPTS \
	"-drive", "file=" DISK ",format=raw,if=none,id=d0,cache=writethrough", \
	"-device", "virtio-blk-pci,drive=d0"

static const char *const disk_opts[] = { DISK_OPTS, NULL };

/* A new disk image of DISK_SIZE bytes: @data, or zeros if it is NULL */
static int new_disk(const unsigned char *data)
{
	int fd = open(DISK, O_WRONLY | O_CREAT | O_TRUNC, 0644);

	if (fd < 0)
		return -1;
	if (data ? write(fd, data, DISK_SIZE) != DISK_SIZE :
		   ftruncate(fd, DISK_SIZE)) {
		close(fd);
		return -1;
	}
	return close(fd);
}

/*
 * virtio-blk: the guest reads what the host wrote (checksum) and the host
 * then finds what the guest wrote
 */
static void disk(void)
{
	static unsigned char data[DISK_SIZE];
	char expect[64];
	uint64_t x = 0x9e3779b97f4a7c15ULL;
	const char *why, *line;
	struct vm vm;
	int fd, bad = 0;

	for (size_t i = 0; i < DISK_DATA; i++) {
		x ^= x << 13, x ^= x >> 7, x ^= x << 17;
		data[i] = x;
	}
	memset(data + DISK_DATA, 0, DISK_SIZE - DISK_DATA);
	if (new_disk(data))
		return result("disk", "cannot write %s: %m", DISK);
	snprintf(expect, sizeof(expect), "fnv1a64 %016llx",
		 (unsigned long long)fnv1a(data, DISK_DATA));

	vm_start(&vm, 1, "vmm=disk", disk_opts);
	line = vm_wait(&vm, "GUEST: disk ", LIMIT_S, NULL);
	if (!line) {
		vm_end(&vm, 0);
		return result("disk", "the guest read no disk");
	}
	if (!strstr(line, expect)) {
		vm_end(&vm, 0);
		return result("disk", "the guest read other data (host: %s)",
			      expect);
	}
	why = vm_finish(&vm);
	if (why)
		return result("disk", "%s", why);
	fd = open(DISK, O_RDONLY);
	if (fd < 0 || read(fd, data, DISK_SIZE) != DISK_SIZE)
		return result("disk", "cannot read %s back", DISK);
	close(fd);
	for (size_t i = 0; i < DISK_SIZE - DISK_DATA; i++)
		if (data[DISK_DATA + i] != disk_pattern(i))
			bad++;
	unlink(DISK);
	if (bad)
		return result("disk", "%d bytes the guest wrote are not in the image",
			      bad);
	result("disk", NULL);
}

/*
 * The guest reboots: QEMU resets the vCPUs through the register ABI and
 * the guest boots again, counting its boots on the disk
 */
static void reboot_case(void)
{
	const char *why;
	struct vm vm;

	if (new_disk(NULL))
		return result("reboot", "cannot write %s: %m", DISK);
	vm_start(&vm, 2, "vmm=reboot", disk_opts);
	if (!vm_wait(&vm, "GUEST: boot 1", LIMIT_S, NULL) ||
	    !vm_wait(&vm, "GUEST: rebooting", LIMIT_S, NULL)) {
		vm_end(&vm, 0);
		return result("reboot", "no first boot");
	}
	if (!vm_wait(&vm, "GUEST: boot 2", LIMIT_S, NULL)) {
		vm_end(&vm, 0);
		return result("reboot", "the guest did not boot again");
	}
	why = vm_finish(&vm);
	unlink(DISK);
	result("reboot", why ? "%s" : NULL, why);
}

static int tick_of(const char *line)
{
	const char *p = strstr(line, "GUEST: tick ");

	return p ? atoi(p + 12) : -1;
}

static const char *const src_opts[] = {
	"-monitor", "unix:" MONITOR ",server=on,wait=off", NULL };
static const char *const dst_opts[] = {
	"-incoming", "file:" MIGRATION,
	"-monitor", "unix:" MONITOR ",server=on,wait=off", NULL };

/*
 * Migrate the running guest of @a (started with src_opts) to a file, and
 * quit @a; the last line that @a printed after the migration completed
 * and that contains @drain is copied to @last. Then start @b with
 * dst_opts, smp and append as @a, carrying on the line @a had begun.
 * Returns NULL, or why it failed (@a is gone then, and @b not started).
 */
static const char *migrate_vm(struct vm *a, struct vm *b, int smp,
			      const char *append, const char *drain,
			      char *last, size_t size)
{
	static char partial[sizeof(((struct vm *)0)->buf)];
	size_t partial_len;
	const char *line;
	double end;

	monitor("info stats vcpu", NULL);
	/* Live: the source stops by itself once the state is complete */
	if (monitor("migrate file:" MIGRATION, NULL)) {
		vm_end(a, 0);
		return "the monitor did not answer";
	}
	end = now() + LIMIT_S;
	while (monitor("info migrate", "completed")) {
		if (now() > end) {
			vm_end(a, 0);
			return "the migration did not complete";
		}
		sleep(1);
	}
	while ((line = vm_wait(a, drain, 1, NULL)))
		snprintf(last, size, "%s", line);
	memcpy(partial, a->buf, a->len);
	partial_len = a->len;
	a->len = 0;
	monitor("quit", NULL);
	if (vm_end(a, LIMIT_S) < 0)
		return "the first QEMU did not quit";

	unlink(MONITOR);
	vm_start(b, smp, append, dst_opts);
	/* A line the guest had begun goes on in the second QEMU */
	memcpy(b->buf, partial, partial_len);
	b->len = partial_len;
	return NULL;
}

/*
 * Migration to a file and restore in a second QEMU: the running guest
 * goes on counting where it was. The first QEMU's monitor also prints the
 * exit statistics (KVM's binary stats) of the run so far.
 */
static void migrate(void)
{
	char expect[32], last[64] = "GUEST: tick 5 ";
	const char *line, *why;
	struct vm a, b;
	int t;

	unlink(MONITOR);
	unlink(MIGRATION);
	vm_start(&a, 2, "vmm=ticks", src_opts);
	line = vm_wait(&a, "GUEST: tick 5 ", LIMIT_S, NULL);
	if (!line) {
		vm_end(&a, 0);
		return result("migrate", "the guest did not count to 5");
	}
	why = migrate_vm(&a, &b, 2, "vmm=ticks", "GUEST: tick ", last,
			 sizeof(last));
	if (why)
		return result("migrate", "%s", why);
	line = vm_wait(&b, "GUEST: ", LIMIT_S, NULL);
	t = line ? tick_of(line) : -1;
	if (t != tick_of(last) + 1) {
		vm_end(&b, 0);
		return result("migrate", "after tick %d the restored guest printed %s",
			      tick_of(last), line ? line : "nothing");
	}
	/* It keeps counting; then it is stopped */
	snprintf(expect, sizeof(expect), "GUEST: tick %d ", t + 2);
	if (!vm_wait(&b, expect, LIMIT_S, NULL)) {
		vm_end(&b, 0);
		return result("migrate", "the restored guest stopped counting");
	}
	monitor("quit", NULL);
	why = vm_end(&b, LIMIT_S) < 0 ? "the second QEMU did not quit" : NULL;
	unlink(MIGRATION);
	result("migrate", why ? "%s" : NULL, why);
}

/*
 * check-distro: a Debian guest with vector units, on Debian's QEMU. Its
 * kernel reports LSX and LASX; Debian's programs run (their dynamic
 * loader and glibc's string functions use LSX and LASX); vector checkers
 * keep their registers while the guest is migrated to a second QEMU.
 */
static void distro(void)
{
	const char *append = "vmm=distro", *line, *why;
	char last[64];
	struct vm a, b;

	unlink(MONITOR);
	unlink(MIGRATION);
	vm_start(&a, 2, append, src_opts);
	line = vm_wait(&a, "GUEST: Features", LIMIT_S, NULL);
	if (!line || !strstr(line, " lsx") || !strstr(line, " lasx")) {
		vm_end(&a, 0);
		return result("cpu-features", "the guest's /proc/cpuinfo: %s",
			      line ? line : "nothing");
	}
	result("cpu-features", NULL);
	line = vm_wait(&a, "GUEST: strings ", LIMIT_S, NULL);
	if (!line || !strstr(line, "PASS")) {
		vm_end(&a, 0);
		return result("debian-programs", "%s",
			      line ? line : "no result from /distro.sh");
	}
	result("debian-programs", NULL);
	if (!vm_wait(&a, "GUEST: vec 32 alive", LIMIT_S, NULL)) {
		vm_end(&a, 0);
		return result("vectors-migrate", "the vector checkers did not start");
	}
	why = migrate_vm(&a, &b, 2, append, "GUEST: vec ", last, sizeof(last));
	if (why)
		return result("vectors-migrate", "%s", why);
	/* They go on in the second QEMU; then the host says stop */
	if (!vm_wait(&b, "alive", LIMIT_S, NULL) ||
	    !vm_wait(&b, "alive", LIMIT_S, NULL)) {
		vm_end(&b, 0);
		return result("vectors-migrate", "the restored checkers did not go on");
	}
	if (write(b.in, "go\n", 3) != 3) {
		vm_end(&b, 0);
		return result("vectors-migrate", "cannot type on the console: %m");
	}
	line = vm_wait(&b, "GUEST: vectors ", LIMIT_S, NULL);
	if (!line || !strstr(line, "PASS")) {
		vm_end(&b, 0);
		return result("vectors-migrate", "%s",
			      line ? line : "no result from the checkers");
	}
	why = vm_finish(&b);
	unlink(MIGRATION);
	result("vectors-migrate", why ? "%s" : NULL, why);
}

/* The Debian root of check-distro: enter it, with what QEMU needs */
static int enter_root(const char *root)
{
	static const char *const dirs[] = { "dev", "proc", "sys", "tmp" };
	char path[256];
	unsigned int i;

	for (i = 0; i < 4; i++) {
		snprintf(path, sizeof(path), "%s/%s", root, dirs[i]);
		mkdir(path, 0755);
	}
	snprintf(path, sizeof(path), "%s/dev", root);
	if (mount("/dev", path, NULL, MS_BIND | MS_REC, NULL))
		return -1;
	snprintf(path, sizeof(path), "%s/proc", root);
	if (mount("proc", path, "proc", 0, NULL))
		return -1;
	snprintf(path, sizeof(path), "%s/sys", root);
	if (mount("sysfs", path, "sysfs", 0, NULL))
		return -1;
	snprintf(path, sizeof(path), "%s/tmp", root);
	if (mount("tmpfs", path, "tmpfs", 0, NULL))
		return -1;
	return chroot(root) || chdir("/");
}

/* Write @val to the tracing file @name; quiet if there is no tracing */
static void tracing(const char *name, const char *val)
{
	char path[128];
	int fd;

	snprintf(path, sizeof(path), "/sys/kernel/debug/tracing/%s", name);
	fd = open(path, O_WRONLY | O_TRUNC);
	if (fd >= 0) {
		if (write(fd, val, strlen(val)) < 0)
			printf("  tracing %s: %m\n", name);
		close(fd);
	}
}

/* Print the end of the trace buffer, and empty it */
static void trace_tail(int lines)
{
	static char buf[1 << 20];
	ssize_t n, len = 0;
	char *p;
	int fd = open("/sys/kernel/debug/tracing/trace", O_RDONLY);

	if (fd < 0)
		return;
	while (len < (ssize_t)sizeof(buf) - 1 &&
	       (n = read(fd, buf + len, sizeof(buf) - 1 - len)) > 0)
		len += n;
	close(fd);
	buf[len] = '\0';
	for (p = buf + len; p > buf && lines >= 0; p--)
		if (p[-1] == '\n')
			lines--;
	printf("  trace:\n%s", p);
	tracing("trace", "");
}

/*
 * Not a test: boot the guest with QEMU's monitor and KVM's tracepoints
 * on, and every 20 s print the vCPUs' registers and the last exits, for
 * when a guest shows nothing on its console
 */
static void probe(const char *mode)
{
	static const char *const opts[] = {
		"-monitor", "unix:" MONITOR ",server=on,wait=off", DISK_OPTS,
		NULL };
	char append[64];
	struct vm vm;
	int i;

	if (new_disk(NULL)) {
		printf("probe: cannot write %s: %m\n", DISK);
		return;
	}
	snprintf(append, sizeof(append), "vmm=%s", mode);

	unlink(MONITOR);
	tracing("events/kvm_loongarch/enable", "1");
	/* Not the entries, nor the exits for host interrupts */
	tracing("events/kvm_loongarch/kvm_loongarch_enter/enable", "0");
	tracing("events/kvm_loongarch/kvm_loongarch_exit/filter", "ecode != 0");
	tracing("events/kvm_loongarch/kvm_loongarch_map/enable", "0");
	tracing("buffer_size_kb", "256");
	vm_start(&vm, 2, append, opts);
	for (i = 0; i < 3 && !vm.exited; i++) {
		vm_wait(&vm, NULL, 20, NULL);
		monitor("info registers -a", NULL);
		trace_tail(i ? 40 : 400);
	}
	/* A QEMU that has exited has no monitor to wait for */
	if (!vm.exited)
		monitor("quit", NULL);
	vm_end(&vm, 60);
	tracing("events/kvm_loongarch/enable", "0");
}

int main(int argc, char **argv)
{
	if (argc != 6) {
		fprintf(stderr, "usage: vmm-test LABEL QEMU FIRMWARE KERNEL INITRD\n");
		return 2;
	}
	label = argv[1], qemu = argv[2], firmware = argv[3];
	kernel = argv[4], initrd = argv[5];
	setvbuf(stdout, NULL, _IOLBF, 0);
	signal(SIGPIPE, SIG_IGN);

	/* probe=MODE: the guest's init does MODE (hello, reboot, ...) */
	if (!strncmp(label, "probe=", 6)) {
		probe(label + 6);
		return 0;
	}
	/* bench=ACCEL:N: N boots with -accel ACCEL */
	if (!strncmp(label, "bench=", 6)) {
		static char a[16];
		int n = -1;

		if (sscanf(label + 6, "%15[a-z]:%d", a, &n) != 2 || n < 0) {
			fprintf(stderr, "vmm-test: bench=ACCEL:N\n");
			return 2;
		}
		accel = a;
		label = "bench";
		bench(n);
		return failed;
	}
	if (!strcmp(label, "distro")) {
		if (enter_root("/distro")) {
			result("root", "cannot enter /distro: %m");
			return failed;
		}
		mem = "512M";
		distro();
		return failed;
	}
	/* make run: the guest boots, says hello and powers off */
	if (!strcmp(label, "run")) {
		boot(1);
		return failed;
	}
	boot(1);
	boot(2);
	timer();
	disk();
	reboot_case();
	migrate();
	return failed;
}
