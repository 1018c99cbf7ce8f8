// SPDX-License-Identifier: GPL-2.0
/*
 * The testbed's /init: mount the pseudo file systems, run every program
 * in /tests in name order, print one result line per program, check the
 * kernel log after each, and power the machine off.
 *
 * Output lines the host harness parses:
 *   RESULT <name> PASS|FAIL|SKIP[ <reason>]
 *   TESTBED: done <passed> passed, <failed> failed, <skipped> skipped
 * A test program exits 0 to pass, 77 to be skipped, anything else fails;
 * it may print RESULT lines of its own for its sub-cases. Any kernel log
 * line that contains a pattern of /etc/bad-patterns fails the program
 * that was running (or "kernel/boot" before the first one).
 *
 * After /tests, init runs the programs that /etc/programs.list names, if
 * it exists: programs written elsewhere, such as the KVM selftests, which
 * follow kselftest's convention (exit 4 to be skipped). Each line is
 * "LABEL PROGRAM TIMEOUT [ARG...]": the result is LABEL's, PROGRAM is a
 * path, TIMEOUT is in seconds.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define TESTS_DIR	"/tests"
#define PATTERNS_FILE	"/etc/bad-patterns"
#define PROGRAMS_FILE	"/etc/programs.list"
#define KSFT_SKIP	4	/* kselftest's exit status of a skipped test */
#define MAX_ARGS	32
#define TEST_TIMEOUT	600	/* seconds, per program */
#define MAX_PATTERNS	64
#define MAX_TESTS	256
#define KMSG_RECORD	2048	/* bytes, enough for any /dev/kmsg record */

static char *patterns[MAX_PATTERNS];
static int npatterns;
static int kmsg_fd = -1;
static int passed, failed, skipped;

static void result(const char *name, const char *verdict, const char *fmt, ...)
{
	va_list ap;

	printf("RESULT %s %s", name, verdict);
	if (fmt) {
		putchar(' ');
		va_start(ap, fmt);
		vprintf(fmt, ap);
		va_end(ap);
	}
	putchar('\n');
	fflush(stdout);
	if (!strcmp(verdict, "PASS"))
		passed++;
	else if (!strcmp(verdict, "SKIP"))
		skipped++;
	else
		failed++;
}

static void load_patterns(void)
{
	char line[256];
	FILE *f = fopen(PATTERNS_FILE, "r");

	if (!f) {
		printf("init: no %s: %m\n", PATTERNS_FILE);
		return;
	}
	while (npatterns < MAX_PATTERNS && fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\n")] = '\0';
		if (line[0])
			patterns[npatterns++] = strdup(line);
	}
	fclose(f);
}

/*
 * Read the kernel log records written since the last call; return the
 * number that match a bad pattern and keep the first in @first.
 */
static int scan_kmsg(char *first, size_t size)
{
	char rec[KMSG_RECORD];
	int bad = 0, i;
	ssize_t n;
	char *text;

	first[0] = '\0';
	if (kmsg_fd < 0)
		return 0;
	for (;;) {
		n = read(kmsg_fd, rec, sizeof(rec) - 1);
		if (n < 0 && errno == EPIPE)	/* overwritten records */
			continue;
		if (n <= 0)
			break;
		rec[n] = '\0';
		text = strchr(rec, ';');
		text = text ? text + 1 : rec;
		text[strcspn(text, "\n")] = '\0';
		for (i = 0; i < npatterns; i++) {
			if (!strstr(text, patterns[i]))
				continue;
			if (!bad++)
				snprintf(first, size, "%s", text);
			break;
		}
	}
	return bad;
}

static int check_kmsg(const char *name)
{
	char first[KMSG_RECORD];
	int bad = scan_kmsg(first, sizeof(first));

	if (bad)
		result(name, "FAIL", "kernel log: %d bad line(s), first: %s",
		       bad, first);
	return bad;
}

/*
 * Run @argv[0] as test @name, for at most @timeout seconds; exit status
 * @skip means skipped.
 */
static void run_program(const char *name, char *const argv[], int timeout,
			int skip)
{
	int status, waited = 0;
	pid_t pid;

	printf("TESTBED: running %s\n", name);
	fflush(stdout);
	pid = fork();
	if (pid < 0) {
		result(name, "FAIL", "fork: %s", strerror(errno));
		return;
	}
	if (pid == 0) {
		setpgid(0, 0);
		execv(argv[0], argv);
		printf("init: exec %s: %m\n", argv[0]);
		_exit(127);
	}
	while (waitpid(pid, &status, WNOHANG) == 0) {
		if (waited++ >= timeout * 10) {
			kill(-pid, SIGKILL);
			waitpid(pid, &status, 0);
			check_kmsg(name);
			result(name, "FAIL", "timeout after %d s", timeout);
			return;
		}
		usleep(100000);
	}
	/* Reap anything the test left behind in its process group. */
	kill(-pid, SIGKILL);
	if (check_kmsg(name))
		return;
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
		result(name, "PASS", NULL);
	else if (WIFEXITED(status) && WEXITSTATUS(status) == skip)
		result(name, "SKIP", NULL);
	else if (WIFEXITED(status))
		result(name, "FAIL", "exit status %d", WEXITSTATUS(status));
	else
		result(name, "FAIL", "killed by signal %d", WTERMSIG(status));
}

static void run_test(const char *name)
{
	char path[512];
	char *argv[] = { path, NULL };

	snprintf(path, sizeof(path), "%s/%s", TESTS_DIR, name);
	run_program(name, argv, TEST_TIMEOUT, 77);
}

static void run_program_list(void)
{
	char line[1024], *label, *argv[MAX_ARGS + 1], *tok, *end;
	FILE *f = fopen(PROGRAMS_FILE, "r");
	long timeout;
	int argc;

	if (!f)
		return;
	while (fgets(line, sizeof(line), f)) {
		label = strtok(line, " \t\n");
		if (!label || label[0] == '#')
			continue;
		argv[0] = strtok(NULL, " \t\n");
		tok = strtok(NULL, " \t\n");
		timeout = tok ? strtol(tok, &end, 10) : 0;
		if (!argv[0] || !tok || *end || timeout <= 0) {
			result(label, "FAIL", "bad line in %s", PROGRAMS_FILE);
			continue;
		}
		for (argc = 1; argc < MAX_ARGS; argc++) {
			argv[argc] = strtok(NULL, " \t\n");
			if (!argv[argc])
				break;
		}
		argv[argc] = NULL;
		run_program(label, argv, timeout, KSFT_SKIP);
	}
	fclose(f);
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void run_tests(void)
{
	char *names[MAX_TESTS];
	struct dirent *de;
	int n = 0, i;
	DIR *d = opendir(TESTS_DIR);

	if (!d) {
		printf("init: no %s: %m\n", TESTS_DIR);
		return;
	}
	while ((de = readdir(d)) && n < MAX_TESTS) {
		if (de->d_name[0] != '.')
			names[n++] = strdup(de->d_name);
	}
	closedir(d);
	qsort(names, n, sizeof(names[0]), cmp_names);
	for (i = 0; i < n; i++)
		run_test(names[i]);
}

/*
 * Take the secondary CPUs offline before powering off. 6.1's power-off
 * path stops them with an IPI instead, and on LoongArch that now and
 * then ends in a lockdep warning on a stopped CPU after the test run.
 */
static void offline_secondary_cpus(void)
{
	char path[64];
	int cpu, fd;

	for (cpu = 1; ; cpu++) {
		snprintf(path, sizeof(path),
			 "/sys/devices/system/cpu/cpu%d/online", cpu);
		fd = open(path, O_WRONLY);
		if (fd < 0)
			break;
		if (write(fd, "0", 1) != 1)
			printf("init: cpu%d offline: %m\n", cpu);
		close(fd);
	}
}

static void mount_fs(const char *src, const char *dir, const char *type)
{
	mkdir(dir, 0755);
	if (mount(src, dir, type, 0, NULL) && errno != EBUSY)
		printf("init: mount %s on %s: %m\n", type, dir);
}

int main(void)
{
	mount_fs("devtmpfs", "/dev", "devtmpfs");
	/* POSIX shared memory and named semaphores (sem_open) live here */
	mount_fs("tmpfs", "/dev/shm", "tmpfs");
	mount_fs("proc", "/proc", "proc");
	mount_fs("sysfs", "/sys", "sysfs");
	mount_fs("debugfs", "/sys/kernel/debug", "debugfs");
	mount_fs("tmpfs", "/tmp", "tmpfs");
	setvbuf(stdout, NULL, _IOLBF, 0);

	printf("TESTBED: init started\n");
	load_patterns();
	kmsg_fd = open("/dev/kmsg", O_RDONLY | O_NONBLOCK);
	if (kmsg_fd < 0)
		printf("init: /dev/kmsg: %m\n");
	if (!check_kmsg("kernel/boot"))
		result("kernel/boot", "PASS", NULL);

	run_tests();
	run_program_list();
	offline_secondary_cpus();
	check_kmsg("kernel/final");

	printf("TESTBED: done %d passed, %d failed, %d skipped\n",
	       passed, failed, skipped);
	sync();
	reboot(RB_POWER_OFF);
	printf("init: power off failed: %m\n");
	for (;;)
		pause();
}
