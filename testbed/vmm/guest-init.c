// SPDX-License-Identifier: GPL-2.0
/*
 * /init of the guests that QEMU -accel kvm boots on the testbed host. It
 * says hello, does what "vmm=MODE" on its command line asks, reports on
 * the console in lines that start with "GUEST:", and powers off:
 *
 *   hello    nothing more
 *   sleep    "GUEST: slept N" after N 1 s sleeps (N = 1..5) that follow
 *            "GUEST: sleeping", by the guest's clock
 *   disk     checksum /dev/vda (FNV-1a, 64 bits) except its last MiB, then
 *            fill that MiB with a pattern the host checks afterwards
 *   reboot   count boots in the first sector of /dev/vda; reboot the
 *            first time, power off the second
 *   ticks    "GUEST: tick N" every 100 ms of guest time, for ever or up
 *            to vmm.ticks=N (the host migrates the guest meanwhile)
 *   distro   a Debian userspace (check-distro): the CPU features the
 *            guest kernel reports, /distro.sh run by Debian's shell
 *            ("GUEST: strings PASS"), then vector checkers, one LSX and
 *            two LASX, that load their registers, sleep in the kernel and
 *            check them, round after round ("GUEST: vec W alive N"),
 *            until a line comes on the console (the host migrates the
 *            guest meanwhile): "GUEST: vectors PASS"
 *
 * The kernel modules in /lib/modules (NAME.ko, or compressed NAME.ko.xz:
 * what a distribution's kernel has as modules) are loaded first, in the
 * order of their names.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <sys/wait.h>

#include "vmm-disk.h"
#include "../tests/host/vec.h"

#define DISK		"/dev/vda"
#define MIB		(1024 * 1024)
/* finit_module() flag of Linux 6.6 and later */
#ifndef MODULE_INIT_COMPRESSED_FILE
#define MODULE_INIT_COMPRESSED_FILE	4
#endif

static char cmdline[4096];

static const char *arg(const char *name)
{
	size_t len = strlen(name);
	char *p = cmdline;

	while ((p = strstr(p, name))) {
		if ((p == cmdline || p[-1] == ' ') && p[len] == '=') {
			static char val[256];
			size_t n = strcspn(p + len + 1, " \n");

			if (n >= sizeof(val))
				n = sizeof(val) - 1;
			memcpy(val, p + len + 1, n);
			val[n] = '\0';
			return val;
		}
		p += len;
	}
	return NULL;
}

static void power_off(int status)
{
	printf("GUEST: power off (%s)\n", status ? "failed" : "done");
	fflush(stdout);
	sync();
	reboot(RB_POWER_OFF);
	for (;;)
		pause();
}

#define fail(...) do {						\
	printf("GUEST: FAIL: " __VA_ARGS__);			\
	putchar('\n');						\
	power_off(1);						\
} while (0)

static void load_modules(void)
{
	struct dirent **names;
	int i, n = scandir("/lib/modules", &names, NULL, alphasort);

	for (i = 0; i < n; i++) {
		char path[512];
		int fd;

		if (!strstr(names[i]->d_name, ".ko"))
			continue;
		snprintf(path, sizeof(path), "/lib/modules/%s", names[i]->d_name);
		fd = open(path, O_RDONLY | O_CLOEXEC);
		/* The kernel decompresses what is not a plain .ko */
		if (fd < 0 || syscall(SYS_finit_module, fd, "",
				      strstr(names[i]->d_name, ".ko.") ?
				      MODULE_INIT_COMPRESSED_FILE : 0))
			printf("GUEST: module %s: %m\n", names[i]->d_name);
		if (fd >= 0)
			close(fd);
	}
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void sleep_ns(long ns)
{
	struct timespec ts = { ns / 1000000000, ns % 1000000000 };

	while (nanosleep(&ts, &ts) && errno == EINTR)
		;
}

/* Wait for the disk: its driver may probe after init starts */
static int open_disk(int flags)
{
	double t0 = now();
	int fd;

	while ((fd = open(DISK, flags)) < 0 && now() - t0 < 60)
		sleep_ns(100000000);
	if (fd < 0)
		fail("open %s: %m", DISK);
	return fd;
}

static void disk(void)
{
	static unsigned char buf[MIB];
	uint64_t h = FNV1A64_INIT;
	off_t size, done = 0;
	int fd = open_disk(O_RDWR);
	ssize_t n;

	size = lseek(fd, 0, SEEK_END);
	if (size < 2 * MIB)
		fail("%s has %lld bytes", DISK, (long long)size);
	lseek(fd, 0, SEEK_SET);
	while (done < size - MIB) {
		n = read(fd, buf, sizeof(buf));
		if (n <= 0)
			fail("read %s at %lld: %m", DISK, (long long)done);
		for (ssize_t i = 0; i < n && done + i < size - MIB; i++)
			h = fnv1a64(h, buf[i]);
		done += n;
	}
	printf("GUEST: disk %lld bytes, fnv1a64 %016llx\n",
	       (long long)(size - MIB), (unsigned long long)h);
	for (size_t i = 0; i < MIB; i++)
		buf[i] = disk_pattern(i);
	if (pwrite(fd, buf, MIB, size - MIB) != MIB || fsync(fd))
		fail("write %s: %m", DISK);
	close(fd);
	printf("GUEST: disk written\n");
}

static void boots(void)
{
	char sector[512];
	int fd = open_disk(O_RDWR), count;

	if (pread(fd, sector, sizeof(sector), 0) != sizeof(sector))
		fail("read %s: %m", DISK);
	count = strncmp(sector, "boots ", 6) ? 0 : atoi(sector + 6);
	printf("GUEST: boot %d\n", count + 1);
	memset(sector, 0, sizeof(sector));
	snprintf(sector, sizeof(sector), "boots %d\n", count + 1);
	if (pwrite(fd, sector, sizeof(sector), 0) != sizeof(sector) || fsync(fd))
		fail("write %s: %m", DISK);
	close(fd);
	if (count == 0) {
		printf("GUEST: rebooting\n");
		fflush(stdout);
		reboot(RB_AUTOBOOT);
		fail("reboot: %m");
	}
}

static void ticks(void)
{
	const char *a = arg("vmm.ticks");
	int i, last = a ? atoi(a) : -1;
	double t0 = now();

	for (i = 1; last < 0 || i <= last; i++) {
		sleep_ns(100000000);
		printf("GUEST: tick %d %.3f\n", i, now() - t0);
	}
}

/* Load, sleep 1 ms in the kernel, check; until *@stop */
static int vec_check(int width, uint64_t seed, volatile int *stop)
{
	struct timespec ts = { 0, 1000000 };
	struct vregs in, out;
	long round;
	int d;

	for (round = 0; !*stop; round++) {
		vec_pattern(&in, seed + round);
		vec_syscall(width, &in, &out, SYS_nanosleep, (long)&ts, 0, 0);
		d = vec_diff(width, &in, &out);
		if (d >= 0) {
			printf("GUEST: vec %d: register %d word %d changed in round %ld\n",
			       width, d / 4, d % 4, round);
			return 1;
		}
		if (round % 500 == 0)
			printf("GUEST: vec %d alive %ld\n", width, round);
	}
	printf("GUEST: vec %d: %ld rounds\n", width, round);
	return 0;
}

static int run_wait(char *const argv[])
{
	pid_t pid = fork();
	int status;

	if (pid == 0) {
		execv(argv[0], argv);
		printf("GUEST: exec %s: %m\n", argv[0]);
		_exit(127);
	}
	if (pid < 0 || waitpid(pid, &status, 0) != pid)
		return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128;
}

static void distro(void)
{
	static const int widths[] = { 16, 32, 32 };
	char *const script[] = { "/bin/sh", "/distro.sh", NULL };
	const char *cpuinfo = NULL;
	volatile int *stop;
	pid_t pids[3];
	char buf[4096];
	int i, status, ok = 1;
	ssize_t n;
	FILE *f;

	printf("GUEST: hwcap 0x%lx\n", getauxval(AT_HWCAP));
	f = fopen("/proc/cpuinfo", "r");
	while (f && fgets(buf, sizeof(buf), f))
		if (!strncmp(buf, "Features", 8)) {
			cpuinfo = buf;
			break;
		}
	printf("GUEST: %s", cpuinfo ? cpuinfo : "no Features in /proc/cpuinfo\n");
	if (f)
		fclose(f);
	if (!vec_width_ok(32))
		fail("no LASX in AT_HWCAP");
	if (run_wait(script))
		fail("/distro.sh failed");

	stop = mmap(NULL, sizeof(*stop), PROT_READ | PROT_WRITE,
		    MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (stop == MAP_FAILED)
		fail("mmap: %m");
	*stop = 0;
	for (i = 0; i < 3; i++) {
		pids[i] = fork();
		if (pids[i] == 0)
			_exit(vec_check(widths[i], 1000 * (i + 1), stop));
	}
	printf("GUEST: vectors running\n");
	/* Until the host sends a line, once it has migrated the guest */
	while ((n = read(0, buf, sizeof(buf))) > 0 && !memchr(buf, '\n', n))
		;
	*stop = 1;
	for (i = 0; i < 3; i++)
		if (waitpid(pids[i], &status, 0) != pids[i] || status)
			ok = 0;
	printf("GUEST: vectors %s\n", ok ? "PASS" : "FAIL");
	if (!ok)
		power_off(1);
}

int main(void)
{
	struct utsname u;
	const char *mode;
	int fd;

	mkdir("/dev", 0755);
	mount("devtmpfs", "/dev", "devtmpfs", 0, NULL);
	mkdir("/proc", 0755);
	mount("proc", "/proc", "proc", 0, NULL);
	mkdir("/sys", 0755);
	mount("sysfs", "/sys", "sysfs", 0, NULL);
	setvbuf(stdout, NULL, _IOLBF, 0);
	fd = open("/proc/cmdline", O_RDONLY);
	if (fd >= 0) {
		if (read(fd, cmdline, sizeof(cmdline) - 1) < 0)
			cmdline[0] = '\0';
		close(fd);
	}
	uname(&u);
	printf("GUEST: hello from init: Linux %s, %ld CPUs online\n",
	       u.release, sysconf(_SC_NPROCESSORS_ONLN));
	load_modules();

	mode = arg("vmm");
	if (!mode || !strcmp(mode, "hello"))
		;
	else if (!strcmp(mode, "sleep")) {
		double t0;
		int i;

		printf("GUEST: sleeping\n");
		t0 = now();
		for (i = 1; i <= 5; i++) {
			sleep_ns(1000000000);
			printf("GUEST: slept %d (%.3f s)\n", i, now() - t0);
		}
	} else if (!strcmp(mode, "disk"))
		disk();
	else if (!strcmp(mode, "reboot"))
		boots();
	else if (!strcmp(mode, "ticks"))
		ticks();
	else if (!strcmp(mode, "distro"))
		distro();
	else
		fail("unknown mode %s", mode);
	power_off(0);
}
