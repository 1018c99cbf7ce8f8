/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers shared by the KVM test programs: a case runner, /dev/kvm, VM and
 * vCPU set-up, KVM_RUN with a watchdog, and the pieces of guest code that
 * every program uses. Header only (everything is static inline), include
 * it first; each test is one .c file linked on its own.
 *
 * Case runner: every case runs in a forked child, so that a crash, a
 * hang or a leaked thread only fails that case. A case returns KT_PASS or
 * calls fail()/skip(), which end the child at once (from any thread).
 * The parent prints one line per case:
 *   RESULT kvm/<program>/<case> PASS|FAIL <why>|SKIP <why>
 * and the program exits 0 (no failure), 1 (a failure) or 77 (all
 * skipped, e.g. no /dev/kvm).
 *
 * Guest conventions (guests are hand-written assembly, see GUEST()):
 * slot 0 maps GUEST_MEM_SIZE bytes at GPA 0, the code starts at GPA 0 (the
 * vCPU's reset PC), the generic exception handler kt_exc is at EXC_GPA,
 * data at DATA_GPA, and nothing is mapped at MMIO_GPA. A guest reports to
 * the host with "hvcl 0x102" (KVM_EXIT_HYPERCALL, args = a0..a5); a0 is a
 * marker (MARK_*).
 */
#ifndef KVM_UTIL_H
#define KVM_UTIL_H

#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <linux/kvm.h>
#include <asm/kvm_para.h>

typedef __u64 u64;
typedef __u32 u32;
typedef __s64 s64;

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
#define KT_PASS		0
#define KT_FAIL		1
#define KT_SKIP		77

/* Guest memory layout */
#define GUEST_MEM_SIZE	0x100000	/* slot 0, a multiple of any page size */
#define EXC_GPA		0x8000	/* kt_exc, 4 KiB aligned for EENTRY */
#define DATA_GPA	0x10000	/* scratch data */
#define MMIO_GPA	0x40000000	/* outside every memslot */

/* a0 markers of the guest's hvcl 0x102 reports */
#define MARK_EXC	0xec	/* kt_exc: a1 ESTAT, a2 ERA, a3 BADV, a4 BADI */
#define MARK_DONE	0xd0
#define MARK_INT	0x1e	/* interrupt handler: a1 ESTAT, a2 ERA */
#define MARK_READY	0x7e

/* hvcl codes and ONE_REG/ESTAT facts used by several programs */
#define HC_SERVICE	0x100
#define HC_SWDBG	0x101
#define HC_USER		0x102
#define INSN_HVCL	0x002b8000U
#define ESTAT_ECODE(e)	(((e) >> 16) & 0x3f)
#define ESTAT_IS(e)	((e) & 0x1fff)
#define ECODE_ADE	8
#define ECODE_ALE	9
#define ECODE_INE	13
#define ECODE_IPE	14

#define CSR_CRMD	0x0
#define CSR_PRMD	0x1
#define CSR_EUEN	0x2
#define CSR_ECFG	0x4
#define CSR_ESTAT	0x5
#define CSR_ERA		0x6
#define CSR_EENTRY	0xc
#define CSR_CPUID	0x20
#define CSR_SAVE0	0x30
#define CSR_TID		0x40
#define CSR_TCFG	0x41
#define CSR_TVAL	0x42
#define CSR_TICLR	0x44

#define CPUCFG2_FP	(1ULL << 0)
#define CPUCFG2_FPSP	(1ULL << 1)
#define CPUCFG2_FPDP	(1ULL << 2)
#define CPUCFG2_LSX	(1ULL << 6)
#define CPUCFG2_LASX	(1ULL << 7)
#define CPUCFG2_LVZP	(1ULL << 10)
#define CPUCFG2_LLFTP	(1ULL << 14)
#define CPUCFG2_BASE	(CPUCFG2_FP | CPUCFG2_FPSP | CPUCFG2_FPDP | \
			 CPUCFG2_LLFTP)

/* ------------------------------------------------------------------ */
/* Guest code                                                          */

#define STR_(x)		#x
#define STR(x)		STR_(x)
/* hvcl is unknown to binutils 2.40: emit its word */
#define HVCL(code)	".word 0x002b8000 + " STR(code) "\n"

/*
 * GUEST(name, "asm"): the instructions become the bytes name[] ..
 * name_end[] in their own read-only section of the test binary; the
 * helpers copy them into guest memory. Use numeric local labels only.
 */
#define GUEST(name, body)						\
	extern const char name[] __attribute__((visibility("hidden")));\
	extern const char name##_end[] __attribute__((visibility("hidden")));\
	__asm__(".pushsection .rodata.kvmguest." #name ",\"a\"\n"	\
		".balign 16\n"						\
		#name ":\n"						\
		body							\
		"\n" #name "_end:\n"					\
		".popsection\n")

/* Guest snippets */
#define G_REPORT(mark)	"ori $a0, $zero, " STR(mark) "\n" HVCL(HC_USER)
#define G_DONE		G_REPORT(MARK_DONE) "99: b 99b\n"
#define G_EENTRY(gpa)	"li.d $t8, " STR(gpa) "\n csrwr $t8, 0xc\n"

/*
 * The generic guest exception handler: reports ESTAT, ERA, BADV, BADI
 * with MARK_EXC, then resumes after the faulting instruction.
 */
GUEST(kt_exc,
	"ori $a0, $zero, 0xec\n"
	"csrrd $a1, 0x5\n"
	"csrrd $a2, 0x6\n"
	"csrrd $a3, 0x7\n"
	"csrrd $a4, 0x8\n"
	HVCL(0x102)
	"csrrd $t8, 0x6\n"
	"addi.d $t8, $t8, 4\n"
	"csrwr $t8, 0x6\n"
	"ertn\n");

/* ------------------------------------------------------------------ */
/* Case runner                                                         */

struct kt_case {
	const char *name;
	int (*fn)(void);
	int timeout;		/* seconds, 0 = default */
};

#define KT_DEFAULT_TIMEOUT	120

struct kt_shared {
	int verdict;
	char msg[480];
};

static struct kt_shared *kt_sh;
static int kt_timeout_ms = 5000;	/* per KVM_RUN, see vcpu_run() */
static int kt_kvm_fd = -1;

static inline void kt_end(int verdict, const char *fmt, va_list ap)
{
	static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

	pthread_mutex_lock(&lock);
	if (kt_sh && !kt_sh->verdict) {
		vsnprintf(kt_sh->msg, sizeof(kt_sh->msg), fmt, ap);
		kt_sh->verdict = verdict;
	}
	fflush(stdout);
	_exit(verdict);
}

/* End the current case with a failure / skip; never returns. */
__attribute__((noreturn, format(printf, 1, 2)))
static inline void fail(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	kt_end(KT_FAIL, fmt, ap);
	va_end(ap);
	for (;;)
		;
}

__attribute__((noreturn, format(printf, 1, 2)))
static inline void skip(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	kt_end(KT_SKIP, fmt, ap);
	va_end(ap);
	for (;;)
		;
}

static inline const char *errname(int err)
{
	const char *s;

	if (err < 0)
		err = -err;
	if (!err)
		return "success";
	s = strerrorname_np(err);
	return s ? s : "E?";
}

#define EXPECT(cond, ...)	do { if (!(cond)) fail(__VA_ARGS__); } while (0)

#define EXPECT_EQ(got, want, what) do {					\
	u64 _g = (u64)(got), _w = (u64)(want);				\
	if (_g != _w)							\
		fail("%s: got 0x%llx, expected 0x%llx", (what),		\
		     (unsigned long long)_g, (unsigned long long)_w);	\
} while (0)

/* @ret is 0 or -errno, as returned by the wrappers below */
#define EXPECT_ERR(ret, want, what) do {				\
	int _r = (ret), _e = (want);					\
	if (_r != _e)							\
		fail("%s: got %s (%d), expected %s", (what),		\
		     _r ? errname(_r) : "success", _r,			\
		     _e ? errname(_e) : "success");			\
} while (0)

#define EXPECT_OK(ret, what)	EXPECT_ERR(ret, 0, what)

static void kt_sig(int sig);

static inline int kt_run_case(const char *prog, const struct kt_case *c)
{
	int status, waited = 0, limit = (c->timeout ? c->timeout :
					  KT_DEFAULT_TIMEOUT) * 20;
	const char *verdict;
	pid_t pid;

	memset(kt_sh, 0, sizeof(*kt_sh));
	fflush(stdout);
	pid = fork();
	if (pid < 0) {
		printf("RESULT kvm/%s/%s FAIL fork: %m\n", prog, c->name);
		return KT_FAIL;
	}
	if (pid == 0) {
		int r = c->fn();

		if (!kt_sh->verdict)
			kt_sh->verdict = r;
		fflush(stdout);
		_exit(r);
	}
	while (waitpid(pid, &status, WNOHANG) == 0) {
		if (waited++ >= limit) {
			kill(pid, SIGKILL);
			waitpid(pid, &status, 0);
			snprintf(kt_sh->msg, sizeof(kt_sh->msg),
				 "timeout after %d s", limit / 20);
			kt_sh->verdict = KT_FAIL;
			break;
		}
		usleep(50000);
	}
	if (!kt_sh->msg[0] && WIFSIGNALED(status)) {
		snprintf(kt_sh->msg, sizeof(kt_sh->msg), "killed by signal %d",
			 WTERMSIG(status));
		kt_sh->verdict = KT_FAIL;
	} else if (WIFEXITED(status) && WEXITSTATUS(status) && !kt_sh->verdict) {
		snprintf(kt_sh->msg, sizeof(kt_sh->msg), "exit status %d",
			 WEXITSTATUS(status));
		kt_sh->verdict = KT_FAIL;
	}
	verdict = kt_sh->verdict == KT_PASS ? "PASS" :
		  kt_sh->verdict == KT_SKIP ? "SKIP" : "FAIL";
	printf("RESULT kvm/%s/%s %s%s%s\n", prog, c->name, verdict,
	       kt_sh->verdict == KT_PASS ? "" : " ",
	       kt_sh->verdict == KT_PASS ? "" : kt_sh->msg);
	fflush(stdout);
	return kt_sh->verdict == KT_PASS ? KT_PASS :
	       kt_sh->verdict == KT_SKIP ? KT_SKIP : KT_FAIL;
}

static inline void kt_signals(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = kt_sig;		/* no SA_RESTART: KVM_RUN gets EINTR */
	sigaction(SIGUSR1, &sa, NULL);
	sigaction(SIGUSR2, &sa, NULL);
}

/*
 * Run every case; @need_kvm: skip them all when /dev/kvm cannot be
 * opened. Returns the exit status of the program.
 */
static inline int kt_main(const char *prog, const struct kt_case *cases,
			  int n, int need_kvm)
{
	int i, failed = 0, passed = 0, fd;

	setvbuf(stdout, NULL, _IOLBF, 0);
	kt_sh = mmap(NULL, sizeof(*kt_sh), PROT_READ | PROT_WRITE,
		     MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (kt_sh == MAP_FAILED) {
		printf("RESULT kvm/%s FAIL mmap: %m\n", prog);
		return 1;
	}
	kt_signals();
	if (need_kvm) {
		fd = open("/dev/kvm", O_RDWR | O_CLOEXEC);
		if (fd < 0) {
			for (i = 0; i < n; i++)
				printf("RESULT kvm/%s/%s SKIP no /dev/kvm (%m)\n",
				       prog, cases[i].name);
			return KT_SKIP;
		}
		close(fd);
	}
	for (i = 0; i < n; i++) {
		int r = kt_run_case(prog, &cases[i]);

		failed += r == KT_FAIL;
		passed += r == KT_PASS;
	}
	return failed ? 1 : passed ? 0 : KT_SKIP;
}

#define KT_MAIN(prog, cases) \
	int main(void) { return kt_main(prog, cases, ARRAY_SIZE(cases), 1); }

/* ------------------------------------------------------------------ */
/* KVM run watchdog: a per-thread timer that interrupts KVM_RUN          */

#ifndef sigev_notify_thread_id
#define sigev_notify_thread_id _sigev_un._tid
#endif

static __thread volatile sig_atomic_t kt_watchdog_fired;
static __thread timer_t kt_timer;
static __thread int kt_timer_made;

static void kt_sig(int sig)
{
	if (sig == SIGUSR2)
		kt_watchdog_fired = 1;
}

static inline void kt_watchdog(int ms)
{
	struct itimerspec its;
	struct sigevent sev;

	if (!kt_timer_made) {
		memset(&sev, 0, sizeof(sev));
		sev.sigev_notify = SIGEV_THREAD_ID;
		sev.sigev_signo = SIGUSR2;
		sev.sigev_notify_thread_id = gettid();
		if (timer_create(CLOCK_MONOTONIC, &sev, &kt_timer))
			fail("timer_create: %m");
		kt_timer_made = 1;
	}
	memset(&its, 0, sizeof(its));
	its.it_value.tv_sec = ms / 1000;
	its.it_value.tv_nsec = (ms % 1000) * 1000000L;
	kt_watchdog_fired = 0;
	timer_settime(kt_timer, 0, &its, NULL);
}

static inline u64 now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000ULL + ts.tv_nsec / 1000000;
}

/* ------------------------------------------------------------------ */
/* /dev/kvm, VMs and vCPUs                                              */

struct vm {
	int fd;
	char *mem;		/* host view of slot 0 */
	u64 mem_size;
};

struct vcpu {
	int fd;
	int id;
	struct kvm_run *run;
	size_t run_size;
	struct vm *vm;
};

static inline int kvm_dev(void)
{
	if (kt_kvm_fd < 0) {
		kt_kvm_fd = open("/dev/kvm", O_RDWR | O_CLOEXEC);
		if (kt_kvm_fd < 0)
			skip("open /dev/kvm: %m");
	}
	return kt_kvm_fd;
}

/* ioctl returning the result, or -errno */
static inline int xioctl(int fd, unsigned long req, void *arg)
{
	int r = ioctl(fd, req, arg);

	return r < 0 ? -errno : r;
}

static inline int check_ext(int fd, long cap)
{
	int r = ioctl(fd, KVM_CHECK_EXTENSION, cap);

	return r < 0 ? -errno : r;
}

static inline struct vm *vm_new(void)
{
	struct vm *vm = calloc(1, sizeof(*vm));
	int fd = ioctl(kvm_dev(), KVM_CREATE_VM, 0);

	if (fd < 0)
		fail("KVM_CREATE_VM: %s", errname(errno));
	vm->fd = fd;
	return vm;
}

/* Map @size bytes of fresh anonymous memory at @gpa; 0 or -errno */
static inline int vm_set_mem(struct vm *vm, u32 slot, u64 gpa, u64 size,
			     u32 flags, void *host)
{
	struct kvm_userspace_memory_region r = {
		.slot = slot,
		.flags = flags,
		.guest_phys_addr = gpa,
		.memory_size = size,
		.userspace_addr = (u64)(uintptr_t)host,
	};

	return xioctl(vm->fd, KVM_SET_USER_MEMORY_REGION, &r);
}

static inline void *vm_add_mem(struct vm *vm, u32 slot, u64 gpa, u64 size)
{
	void *p = mmap(NULL, size, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	int r;

	if (p == MAP_FAILED)
		fail("mmap %llu bytes: %m", (unsigned long long)size);
	r = vm_set_mem(vm, slot, gpa, size, 0, p);
	if (r)
		fail("KVM_SET_USER_MEMORY_REGION slot %u gpa 0x%llx size 0x%llx: %s",
		     slot, (unsigned long long)gpa, (unsigned long long)size,
		     errname(r));
	return p;
}

static inline void *gpa_ptr(struct vm *vm, u64 gpa)
{
	if (gpa >= vm->mem_size)
		fail("internal: gpa 0x%llx outside slot 0",
		     (unsigned long long)gpa);
	return vm->mem + gpa;
}

static inline void vm_load(struct vm *vm, u64 gpa, const char *start,
			   const char *end)
{
	memcpy(gpa_ptr(vm, gpa), start, end - start);
	__builtin___clear_cache(vm->mem + gpa, vm->mem + gpa + (end - start));
}

/* A VM with slot 0 at GPA 0, @code at GPA 0 and kt_exc at EXC_GPA */
static inline struct vm *vm_std(const char *code, const char *end)
{
	struct vm *vm = vm_new();

	vm->mem = vm_add_mem(vm, 0, 0, GUEST_MEM_SIZE);
	vm->mem_size = GUEST_MEM_SIZE;
	if (code)
		vm_load(vm, 0, code, end);
	vm_load(vm, EXC_GPA, kt_exc, kt_exc_end);
	return vm;
}

#define VM_STD(name)	vm_std(name, name##_end)

/* KVM_CREATE_VCPU only; 0 .. fd, or -errno */
static inline int vcpu_create_fd(struct vm *vm, long id)
{
	int fd = ioctl(vm->fd, KVM_CREATE_VCPU, id);

	return fd < 0 ? -errno : fd;
}

/* A vCPU with its kvm_run mapped, and no paravirtual feature enabled */
static inline struct vcpu *vcpu_new_plain(struct vm *vm, int id)
{
	struct vcpu *v = calloc(1, sizeof(*v));
	int size = ioctl(kvm_dev(), KVM_GET_VCPU_MMAP_SIZE, 0);

	v->fd = vcpu_create_fd(vm, id);
	if (v->fd < 0)
		fail("KVM_CREATE_VCPU %d: %s", id, errname(v->fd));
	if (size < (int)sizeof(struct kvm_run))
		fail("KVM_GET_VCPU_MMAP_SIZE: %d", size);
	v->run_size = size;
	v->run = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, v->fd, 0);
	if (v->run == MAP_FAILED)
		fail("mmap vcpu %d: %m", id);
	v->id = id;
	v->vm = vm;
	return v;
}

/* Paravirtual features (1 << KVM_FEATURE_*) added to the vCPU's */
static inline void vcpu_add_features(struct vcpu *v, u64 add)
{
	struct kvm_device_attr a = {
		.group = KVM_LOONGARCH_VCPU_CPUCFG,
		.attr = CPUCFG_KVM_FEATURE,
	};
	u64 features = 0;
	int r;

	a.addr = (u64)(uintptr_t)&features;
	r = xioctl(v->fd, KVM_GET_DEVICE_ATTR, &a);
	if (r)
		fail("KVM_GET_DEVICE_ATTR(CPUCFG_KVM_FEATURE): %s", errname(r));
	features |= add;
	r = xioctl(v->fd, KVM_SET_DEVICE_ATTR, &a);
	if (r)
		fail("KVM_SET_DEVICE_ATTR(CPUCFG_KVM_FEATURE, 0x%llx): %s",
		     (unsigned long long)features, errname(r));
}

/*
 * A vCPU whose VM sends the guest's "hvcl 0x102" to userspace: the
 * paravirtual feature KVM_FEATURE_USER_HCALL added to those the VM has,
 * which every vCPU of a VM sets alike, as a VMM does. The guests of the
 * tests report with it.
 */
static inline struct vcpu *vcpu_new(struct vm *vm, int id)
{
	struct vcpu *v = vcpu_new_plain(vm, id);

	vcpu_add_features(v, 1ULL << KVM_FEATURE_USER_HCALL);
	return v;
}

/*
 * Signal the vCPU thread every 100 ms until it is out of KVM_RUN: a signal
 * that comes before KVM_RUN is only handled (the handler does nothing),
 * however late the thread gets there on a loaded host.
 */
struct sigkick {
	pthread_t target;
	volatile int done;
};

static inline void *sig_thread(void *p)
{
	struct sigkick *k = p;

	while (!k->done) {
		usleep(100000);
		if (!k->done)
			pthread_kill(k->target, SIGUSR1);
	}
	return NULL;
}

static inline void vcpu_free(struct vcpu *v)
{
	munmap(v->run, v->run_size);
	close(v->fd);
	free(v);
}

static inline void vm_free(struct vm *vm)
{
	close(vm->fd);
	if (vm->mem)
		munmap(vm->mem, vm->mem_size);
	free(vm);
}

static inline struct kvm_regs vcpu_regs(struct vcpu *v)
{
	struct kvm_regs regs;
	int r = xioctl(v->fd, KVM_GET_REGS, &regs);

	if (r)
		fail("KVM_GET_REGS: %s", errname(r));
	return regs;
}

static inline void vcpu_set_regs(struct vcpu *v, struct kvm_regs *regs)
{
	int r = xioctl(v->fd, KVM_SET_REGS, regs);

	if (r)
		fail("KVM_SET_REGS: %s", errname(r));
}

/* Set one GPR (1..31) or, with @n = 32, the PC */
static inline void vcpu_set_gpr(struct vcpu *v, int n, u64 val)
{
	struct kvm_regs regs = vcpu_regs(v);

	if (n == 32)
		regs.pc = val;
	else
		regs.gpr[n] = val;
	vcpu_set_regs(v, &regs);
}

/* ONE_REG access: 0 or -errno */
static inline int get_reg(struct vcpu *v, u64 id, u64 *val)
{
	struct kvm_one_reg r = { .id = id, .addr = (u64)(uintptr_t)val };

	return xioctl(v->fd, KVM_GET_ONE_REG, &r);
}

static inline int set_reg(struct vcpu *v, u64 id, u64 val)
{
	struct kvm_one_reg r = { .id = id, .addr = (u64)(uintptr_t)&val };

	return xioctl(v->fd, KVM_SET_ONE_REG, &r);
}

static inline u64 csr_get(struct vcpu *v, u32 csr)
{
	u64 val = 0;
	int r = get_reg(v, KVM_IOC_CSRID(csr), &val);

	if (r)
		fail("GET_ONE_REG CSR 0x%x: %s", csr, errname(r));
	return val;
}

static inline void csr_set(struct vcpu *v, u32 csr, u64 val)
{
	int r = set_reg(v, KVM_IOC_CSRID(csr), val);

	if (r)
		fail("SET_ONE_REG CSR 0x%x = 0x%llx: %s", csr,
		     (unsigned long long)val, errname(r));
}

static inline void cpucfg_set(struct vcpu *v, u32 word, u64 val)
{
	int r = set_reg(v, KVM_IOC_CPUCFG(word), val);

	if (r)
		fail("SET_ONE_REG CPUCFG%u = 0x%llx: %s", word,
		     (unsigned long long)val, errname(r));
}

static inline int vcpu_irq(struct vcpu *v, int irq)
{
	struct kvm_interrupt i = { .irq = (u32)irq };

	return xioctl(v->fd, KVM_INTERRUPT, &i);
}

static inline int device_attr(int fd, unsigned long req, u32 group, u64 attr,
			      u64 *val)
{
	struct kvm_device_attr a = {
		.group = group,
		.attr = attr,
		.addr = (u64)(uintptr_t)val,
	};

	return xioctl(fd, req, &a);
}

/* ------------------------------------------------------------------ */
/* KVM_RUN and exits                                                    */

/* KVM_RUN with the watchdog: 0, or -errno (-ETIME: the watchdog fired) */
static inline int vcpu_run(struct vcpu *v)
{
	int r;

	kt_watchdog(kt_timeout_ms);
	r = ioctl(v->fd, KVM_RUN, 0);
	r = r < 0 ? -errno : r;
	kt_watchdog(0);
	if (r == -EINTR && kt_watchdog_fired)
		r = -ETIME;
	return r;
}

/* vcpu_run() while a sigkick thread signals this thread until it is out */
static inline int vcpu_run_signalled(struct vcpu *v)
{
	struct sigkick k = { .target = pthread_self() };
	pthread_t t;
	int r;

	pthread_create(&t, NULL, sig_thread, &k);
	r = vcpu_run(v);
	k.done = 1;
	pthread_join(t, NULL);
	return r;
}

static inline const char *exit_name(u32 reason)
{
	switch (reason) {
	case KVM_EXIT_UNKNOWN:		return "UNKNOWN";
	case KVM_EXIT_HYPERCALL:	return "HYPERCALL";
	case KVM_EXIT_DEBUG:		return "DEBUG";
	case KVM_EXIT_MMIO:		return "MMIO";
	case KVM_EXIT_FAIL_ENTRY:	return "FAIL_ENTRY";
	case KVM_EXIT_INTR:		return "INTR";
	case KVM_EXIT_INTERNAL_ERROR:	return "INTERNAL_ERROR";
	case KVM_EXIT_SYSTEM_EVENT:	return "SYSTEM_EVENT";
	case KVM_EXIT_LOONGARCH_IOCSR:	return "LOONGARCH_IOCSR";
	default:			return "?";
	}
}

/* One line about the exit the vCPU is in, for failure messages */
static inline const char *exit_str(struct vcpu *v)
{
	static char buf[320];
	struct kvm_run *run = v->run;
	struct kvm_regs regs;
	int n;

	n = snprintf(buf, sizeof(buf), "exit %s(%u)",
		     exit_name(run->exit_reason), run->exit_reason);
	switch (run->exit_reason) {
	case KVM_EXIT_HYPERCALL:
		if (run->hypercall.nr == HC_USER &&
		    run->hypercall.args[0] == MARK_EXC) {
			n += snprintf(buf + n, sizeof(buf) - n,
				      " guest exception ECODE %llu ESTAT 0x%llx ERA 0x%llx BADV 0x%llx BADI 0x%llx",
				      (unsigned long long)ESTAT_ECODE(run->hypercall.args[1]),
				      (unsigned long long)run->hypercall.args[1],
				      (unsigned long long)run->hypercall.args[2],
				      (unsigned long long)run->hypercall.args[3],
				      (unsigned long long)run->hypercall.args[4]);
			return buf;
		}
		n += snprintf(buf + n, sizeof(buf) - n,
			      " nr 0x%llx a0 0x%llx a1 0x%llx",
			      (unsigned long long)run->hypercall.nr,
			      (unsigned long long)run->hypercall.args[0],
			      (unsigned long long)run->hypercall.args[1]);
		break;
	case KVM_EXIT_MMIO:
		n += snprintf(buf + n, sizeof(buf) - n,
			      " %s gpa 0x%llx len %u",
			      run->mmio.is_write ? "write" : "read",
			      (unsigned long long)run->mmio.phys_addr,
			      run->mmio.len);
		break;
	case KVM_EXIT_LOONGARCH_IOCSR:
		n += snprintf(buf + n, sizeof(buf) - n,
			      " %s addr 0x%llx len %u",
			      run->iocsr_io.is_write ? "write" : "read",
			      (unsigned long long)run->iocsr_io.phys_addr,
			      run->iocsr_io.len);
		break;
	case KVM_EXIT_INTERNAL_ERROR:
		n += snprintf(buf + n, sizeof(buf) - n, " suberror %u",
			      run->internal.suberror);
		break;
	}
	if (!ioctl(v->fd, KVM_GET_REGS, &regs))
		snprintf(buf + n, sizeof(buf) - n, " pc 0x%llx",
			 (unsigned long long)regs.pc);
	return buf;
}

static inline void run_ok(struct vcpu *v)
{
	int r = vcpu_run(v);

	if (r == -ETIME)
		fail("KVM_RUN did not return within %d ms (guest stuck?)",
		     kt_timeout_ms);
	if (r)
		fail("KVM_RUN: %s", errname(r));
}

/*
 * Run until the next exit and require it to be the guest's hvcl 0x102
 * report with marker @mark in a0; returns args[] (a0..a5).
 */
static inline u64 *expect_report(struct vcpu *v, u64 mark)
{
	struct kvm_run *run = v->run;

	run_ok(v);
	if (run->exit_reason != KVM_EXIT_HYPERCALL ||
	    run->hypercall.nr != HC_USER || run->hypercall.args[0] != mark)
		fail("expected guest report 0x%llx (hvcl 0x102), got %s",
		     (unsigned long long)mark, exit_str(v));
	return run->hypercall.args;
}

/* Offset of the @nth (from 0) instruction word @word in a guest blob */
static inline u64 blob_find(const char *start, const char *end, u32 word,
			    int nth)
{
	const char *p;
	u32 w;

	for (p = start; p + 4 <= end; p += 4) {
		memcpy(&w, p, 4);
		if (w == word && nth-- == 0)
			return p - start;
	}
	fail("internal: instruction 0x%x not found", word);
}

/* Run until the next exit and require an MMIO exit with these values */
static inline struct kvm_run *expect_mmio(struct vcpu *v, u64 gpa, u32 len,
					  int is_write)
{
	struct kvm_run *run = v->run;

	run_ok(v);
	if (run->exit_reason != KVM_EXIT_MMIO ||
	    run->mmio.phys_addr != gpa || run->mmio.len != len ||
	    !!run->mmio.is_write != !!is_write)
		fail("expected MMIO %s gpa 0x%llx len %u, got %s",
		     is_write ? "write" : "read", (unsigned long long)gpa,
		     len, exit_str(v));
	return run;
}

static inline struct kvm_run *expect_iocsr(struct vcpu *v, u64 addr, u32 len,
					   int is_write)
{
	struct kvm_run *run = v->run;

	run_ok(v);
	if (run->exit_reason != KVM_EXIT_LOONGARCH_IOCSR ||
	    run->iocsr_io.phys_addr != addr || run->iocsr_io.len != len ||
	    !!run->iocsr_io.is_write != !!is_write)
		fail("expected IOCSR %s addr 0x%llx len %u, got %s",
		     is_write ? "write" : "read", (unsigned long long)addr,
		     len, exit_str(v));
	return run;
}

/* Little-endian value of the first @len bytes of @data, and back */
static inline u64 le_get(const __u8 *data, u32 len)
{
	u64 v = 0;
	u32 i;

	for (i = 0; i < len && i < 8; i++)
		v |= (u64)data[i] << (8 * i);
	return v;
}

/* Run until the guest stores 8 bytes to MMIO at @gpa; return them */
static inline u64 expect_store(struct vcpu *v, u64 gpa, const char *what)
{
	struct kvm_run *run = v->run;

	run_ok(v);
	EXPECT(run->exit_reason == KVM_EXIT_MMIO && run->mmio.is_write &&
	       run->mmio.phys_addr == gpa && run->mmio.len == 8,
	       "%s: expected an 8-byte MMIO store to 0x%llx, got %s", what,
	       (unsigned long long)gpa, exit_str(v));
	return le_get(run->mmio.data, 8);
}

static inline void le_put(__u8 *data, u64 v)
{
	int i;

	for (i = 0; i < 8; i++)
		data[i] = v >> (8 * i);
}

/* Run this thread, and the threads it starts, on host CPU @cpu only */
static inline void pin_to_cpu(int cpu)
{
	cpu_set_t one;

	CPU_ZERO(&one);
	CPU_SET(cpu, &one);
	if (sched_setaffinity(0, sizeof(one), &one))
		fail("sched_setaffinity to CPU %d: %m", cpu);
}

/* A vCPU's binary statistics (KVM_GET_STATS_FD), read by name */
struct stats {
	int fd;
	struct kvm_stats_header hdr;
	char *descs;
	size_t desc_size;
};

static inline void stats_open(struct stats *s, int vcpu_fd)
{
	size_t size;

	s->fd = ioctl(vcpu_fd, KVM_GET_STATS_FD, NULL);
	if (s->fd < 0)
		fail("KVM_GET_STATS_FD: %s", errname(errno));
	if (pread(s->fd, &s->hdr, sizeof(s->hdr), 0) != sizeof(s->hdr))
		fail("reading the stats header: %m");
	s->desc_size = sizeof(struct kvm_stats_desc) + s->hdr.name_size;
	size = s->desc_size * s->hdr.num_desc;
	s->descs = malloc(size);
	if (pread(s->fd, s->descs, size, s->hdr.desc_offset) != (ssize_t)size)
		fail("reading the stats descriptors: %m");
}

static inline u64 stat_value(struct stats *s, const char *name)
{
	struct kvm_stats_desc *d;
	u64 v;
	u32 i;

	for (i = 0; i < s->hdr.num_desc; i++) {
		d = (void *)(s->descs + i * s->desc_size);
		if (strcmp(d->name, name))
			continue;
		if (pread(s->fd, &v, sizeof(v), s->hdr.data_offset + d->offset) !=
		    sizeof(v))
			fail("reading %s: %m", name);
		return v;
	}
	fail("no statistic %s", name);
	return 0;
}

/* A CPUCFG word of the host CPU (cpucfg is not privileged) */
static inline u64 host_cpucfg(unsigned int word)
{
	u64 v;

	__asm__ volatile("cpucfg %0, %1" : "=r"(v) : "r"(word));
	return v;
}

/* Host CPU feature from the "Features" line of /proc/cpuinfo */
static inline int host_has(const char *feature)
{
	char line[1024], *p;
	size_t n = strlen(feature);
	FILE *f = fopen("/proc/cpuinfo", "r");
	int found = 0;

	if (!f)
		return 0;
	while (!found && fgets(line, sizeof(line), f)) {
		if (strncmp(line, "Features", 8))
			continue;
		for (p = strstr(line, feature); p; p = strstr(p + 1, feature))
			if ((p[-1] == ' ' || p[-1] == ':' || p[-1] == '\t') &&
			    (p[n] == ' ' || p[n] == '\n' || !p[n]))
				found = 1;
	}
	fclose(f);
	return found;
}


/* ------------------------------------------------------------------ */
/* The kvm module                                                       */

#include <glob.h>
#include <sys/stat.h>
#include <sys/utsname.h>

#define KVM_KO_REL	"kernel/arch/loongarch/kvm/kvm.ko"

/* Directory /lib/modules/<release> holding kvm.ko, or NULL */
static inline const char *kvm_module_dir(void)
{
	static char dir[512];
	struct utsname u;
	char path[640];
	glob_t g;

	if (!uname(&u)) {
		snprintf(dir, sizeof(dir), "/lib/modules/%s", u.release);
		snprintf(path, sizeof(path), "%s/" KVM_KO_REL, dir);
		if (!access(path, R_OK))
			return dir;
	}
	if (glob("/lib/modules/*/" KVM_KO_REL, 0, NULL, &g) || !g.gl_pathc)
		return NULL;
	snprintf(dir, sizeof(dir), "%.*s",
		 (int)(strlen(g.gl_pathv[0]) - strlen("/" KVM_KO_REL)),
		 g.gl_pathv[0]);
	globfree(&g);
	return dir;
}

/* kvm is built in: /dev/kvm without a loadable module's initstate */
static inline int kvm_builtin(void)
{
	return !access("/dev/kvm", F_OK) &&
	       access("/sys/module/kvm/initstate", F_OK);
}

/* finit_module one file; 0, -EEXIST or -errno */
static inline int load_one(const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC), r;

	if (fd < 0)
		return -errno;
	r = syscall(SYS_finit_module, fd, "", 0);
	r = r < 0 ? -errno : 0;
	close(fd);
	return r;
}

/*
 * Load kvm.ko and what modules.dep says it needs (dependencies first).
 * 0 if it is loaded now, -errno otherwise (the message in @err).
 */
static inline int load_kvm_module(char *err, size_t len)
{
	const char *dir = kvm_module_dir();
	char line[1024], path[1600], *deps[16], *tok, *save;
	int ndeps = 0, r;
	FILE *f;

	if (!dir) {
		snprintf(err, len, "no /lib/modules/*/" KVM_KO_REL);
		return -ENOENT;
	}
	snprintf(path, sizeof(path), "%s/modules.dep", dir);
	f = fopen(path, "r");
	while (f && fgets(line, sizeof(line), f)) {
		if (strncmp(line, KVM_KO_REL ":", strlen(KVM_KO_REL) + 1))
			continue;
		strtok_r(line, ": \n", &save);
		while ((tok = strtok_r(NULL, " \n", &save)) && ndeps < 16)
			deps[ndeps++] = strdup(tok);
		break;
	}
	if (f)
		fclose(f);
	while (ndeps--) {
		snprintf(path, sizeof(path), "%s/%s", dir, deps[ndeps]);
		r = load_one(path);
		if (r && r != -EEXIST) {
			snprintf(err, len, "finit_module %.300s: %s", path, errname(r));
			return r;
		}
	}
	snprintf(path, sizeof(path), "%s/" KVM_KO_REL, dir);
	r = load_one(path);
	if (r && r != -EEXIST) {
		snprintf(err, len, "finit_module %.300s: %s", path, errname(r));
		return r;
	}
	return 0;
}

/* Wait up to @ms for /dev/kvm to (dis)appear; 1 when it did */
static inline int wait_dev_kvm(int present, int ms)
{
	int i;

	for (i = 0; i < ms / 10; i++) {
		if ((access("/dev/kvm", F_OK) == 0) == present)
			return 1;
		usleep(10000);
	}
	return (access("/dev/kvm", F_OK) == 0) == present;
}

#endif /* KVM_UTIL_H */
