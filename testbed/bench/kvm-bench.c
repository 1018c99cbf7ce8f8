// SPDX-License-Identifier: GPL-2.0
/*
 * The per-exit benchmark of make bench: a VMM of raw KVM ioctls that
 * works on our 6.1 backend and on mainline's, in the testbed with the
 * instruction-count plugin (testbed/bench/mark.c).
 *
 * Each row is one kind of round trip. A measurement sets a guest up for
 * n round trips, executes mark 1, runs the guest until it is done,
 * executes mark 2, and tears the guest down; the plugin logs the whole
 * machine's instruction total at each mark. Every row is measured with a
 * small and a large n, REPS times in turn; bench.sh pairs the console's
 * "BENCH row n" lines with the plugin's marks, in order, and takes
 * (large - small) / (n2 - n1) as the instructions of one round trip, so
 * that setup, teardown and the marks themselves cancel out.
 *
 * The macro rows run two of mainline's KVM selftests, unchanged, from
 * /bench/selftests: demand_paging_test with n pages of guest memory, and
 * dirty_log_perf_test with DIRTY_PAGES pages and n / DIRTY_PAGES
 * iterations (n: pages dirtied). Both spin in userspace while their
 * threads wait for each other, for as long as the scheduler lets them,
 * so their rows count the host kernel's instructions only (the marks'
 * KERNEL totals; "BENCH row n kernel").
 *
 * Halt polling is switched off (/sys/module/kvm/parameters/halt_poll_ns
 * = 0, before any VM): a polling vCPU spins for as long as its wait
 * lasts, which would make the rows that block count time, not work.
 *
 *	kvm-bench [--kallsyms] [ROW...]	(all rows without ROW)
 *
 * --kallsyms: print the kernel's text symbols at the end, as "KSYM
 * address name" lines, for bench.sh --profile.
 */
#include "../tests/kvm/kvm-util.h"
#include "../vmm/host-idle.h"
#include "mark.h"
#include <stdbool.h>

#define REPS		5
#define GUEST_PAGE	16384	/* the selftests' guest page on LoongArch */
#define DIRTY_PAGES	16384	/* dirty_log_perf_test's memory, in pages */
#define SELFTESTS	"/bench/selftests/"
#define MEM_GPA		0x10000000ULL	/* the page-fault rows' slot */
#define HANDLER_GPA	0x9000		/* EENTRY of the interrupt rows */
#define IDLE_INSN	0x06488000	/* idle 0 */
#define IRQ_HWI0	2
/* the guests' MMIO exits, from MMIO_GPA */
#define X_DONE		0x00
#define X_TICK		0x08
#define X_ACK		0x10
#define X_KICK		0x18

/* Guest registers that the host sets: s0 = n, s1 = MMIO_GPA, s2, s3 */
#define R_S0	23
#define R_S1	24
#define R_S2	25
#define R_S3	26

#define G_LOOP(body)	"1:\n" body "addi.d $s0, $s0, -1\n bnez $s0, 1b\n" \
			"st.d $zero, $s1, 0\n 99: b 99b\n"

/* hvcl 0x100 with a function code no kernel knows: handled in the kernel */
GUEST(g_hcall, G_LOOP("move $a0, $zero\n" HVCL(HC_SERVICE)));
/* cpucfg traps and is emulated (s2 = 2: CPUCFG2) */
GUEST(g_cpucfg, G_LOOP("cpucfg $a1, $s2\n"));
/* a store outside every memslot: KVM_EXIT_MMIO */
GUEST(g_mmio, G_LOOP("st.d $zero, $s1, 8\n"));
/* an IOCSR write at s2: KVM_EXIT_LOONGARCH_IOCSR */
GUEST(g_iocsr, G_LOOP("iocsrwr.d $zero, $s2\n"));
/* a store to each page from s3 on, s2 apart */
GUEST(g_touch, G_LOOP("st.d $zero, $s3, 0\n add.d $s3, $s3, $s2\n"));

/*
 * The timer row: a one-shot timer of s2 ticks, then idle until its
 * interrupt; the handler clears it.
 */
GUEST(g_timer,
	"li.d $t0, " STR(HANDLER_GPA) "\n csrwr $t0, 0xc\n"
	"ori $t0, $zero, 0x800\n csrwr $t0, 0x4\n"	/* ECFG: TI */
	"ori $t0, $zero, 4\n csrxchg $t0, $t0, 0x0\n"	/* CRMD.IE */
	G_LOOP("slli.d $t0, $s2, 2\n ori $t0, $t0, 1\n csrwr $t0, 0x41\n"
	       "idle 0\n"));

/*
 * The IPI rows: two vCPUs wait in idle; each interrupt makes the
 * receiver acknowledge it and interrupt the other, n times each. s2 != 0
 * on the vCPU that starts, s3 = the other's CPUID bitmap (PV IPI).
 */
#define G_IPI(ecfg, kick)						\
	"li.d $t0, " STR(HANDLER_GPA) "\n csrwr $t0, 0xc\n"		\
	"ori $t0, $zero, " #ecfg "\n csrwr $t0, 0x4\n"			\
	"ori $t0, $zero, 4\n csrxchg $t0, $t0, 0x0\n"			\
	"beqz $s2, 1f\n" kick "1: idle 0\n b 1b\n"
#define KICK_MMIO	"st.d $zero, $s1, " STR(X_KICK) "\n"
#define KICK_PV		"ori $a0, $zero, 1\n move $a1, $s3\n"		\
			"move $a2, $zero\n move $a3, $zero\n" HVCL(HC_SERVICE)
GUEST(g_ipi_mmio, G_IPI(0x4, KICK_MMIO));		/* ECFG: HWI0 */
GUEST(g_ipi_pv, G_IPI(0x1, KICK_PV));			/* ECFG: SWI0 */

/* Interrupt handlers: step over an idle that the interrupt came before */
#define G_ERA_FIXUP							\
	"csrrd $t1, 0x6\n ld.wu $t2, $t1, 0\n"				\
	"li.w $t3, " STR(IDLE_INSN) "\n bne $t2, $t3, 3f\n"		\
	"addi.d $t1, $t1, 4\n csrwr $t1, 0x6\n 3: ertn\n"
GUEST(h_timer, "ori $t1, $zero, 1\n csrwr $t1, 0x44\n" G_ERA_FIXUP);
#define G_IPI_HANDLER(ack, kick)					\
	ack "addi.d $s0, $s0, -1\n" kick				\
	"bnez $s0, 2f\n st.d $zero, $s1, 0\n 2:\n" G_ERA_FIXUP
GUEST(h_ipi_mmio, G_IPI_HANDLER("st.d $zero, $s1, " STR(X_ACK) "\n",
				KICK_MMIO));
GUEST(h_ipi_pv, G_IPI_HANDLER("ori $t1, $zero, 1\n csrxchg $zero, $t1, 0x5\n",
			      KICK_PV));

struct bench {
	struct vm *vm;
	struct vcpu *v[2];
	void *mem;		/* the page-fault rows' slot */
	u64 mem_size;
	u64 n;
	u32 exit_reason;	/* the exit of each round trip, if any */
};

struct row {
	const char *name;
	u64 n1, n2;
	void (*setup)(struct bench *b);	/* NULL: nothing to set up */
	void (*run)(struct bench *b);
	bool kernel;	/* count the host kernel's instructions only */
};

static struct kvm_run *run_once(struct vcpu *v)
{
	if (ioctl(v->fd, KVM_RUN, 0))
		fail("KVM_RUN: %m");
	return v->run;
}

static int is_exit(struct kvm_run *run, u64 off)
{
	return run->exit_reason == KVM_EXIT_MMIO &&
	       run->mmio.phys_addr == MMIO_GPA + off;
}

static void expect_done(struct vcpu *v)
{
	if (!is_exit(run_once(v), X_DONE))
		fail("expected the guest's done store, got %s", exit_str(v));
}

/* vCPU @id of b->vm, s0 = n, s1 = MMIO_GPA, s2, s3 as given, PC 0 */
static struct vcpu *bench_vcpu(struct bench *b, int id, u64 s2, u64 s3)
{
	struct vcpu *v = vcpu_new(b->vm, id);
	struct kvm_regs regs = vcpu_regs(v);

	regs.pc = 0;
	regs.gpr[R_S0] = b->n;
	regs.gpr[R_S1] = MMIO_GPA;
	regs.gpr[R_S2] = s2;
	regs.gpr[R_S3] = s3;
	vcpu_set_regs(v, &regs);
	return v;
}

static void setup_one(struct bench *b, const char *code, const char *end,
		      u64 s2, u64 s3)
{
	b->vm = vm_std(code, end);
	b->v[0] = bench_vcpu(b, 0, s2, s3);
}

static void teardown(struct bench *b)
{
	for (int i = 0; i < 2; i++)
		if (b->v[i])
			vcpu_free(b->v[i]);
	if (b->vm)
		vm_free(b->vm);
	if (b->mem)
		munmap(b->mem, b->mem_size);
	memset(b, 0, sizeof(*b));
}

/* -- the guest loops in the kernel: hypercall, cpucfg -- */

static void setup_hcall(struct bench *b)
{
	setup_one(b, g_hcall, g_hcall_end, 0, 0);
}

static void setup_cpucfg(struct bench *b)
{
	setup_one(b, g_cpucfg, g_cpucfg_end, 2, 0);
}

static void run_to_done(struct bench *b)
{
	expect_done(b->v[0]);
}

/* -- each round trip exits to this VMM: MMIO, IOCSR -- */

static void setup_mmio(struct bench *b)
{
	setup_one(b, g_mmio, g_mmio_end, 0, 0);
	b->exit_reason = KVM_EXIT_MMIO;
}

static void setup_iocsr(struct bench *b)
{
	setup_one(b, g_iocsr, g_iocsr_end, 0x3000, 0);
	b->exit_reason = KVM_EXIT_LOONGARCH_IOCSR;
}

static void run_exits(struct bench *b)
{
	struct vcpu *v = b->v[0];

	for (u64 i = 0; i < b->n; i++)
		if (run_once(v)->exit_reason != b->exit_reason)
			fail("round trip %llu: %s", (unsigned long long)i,
			     exit_str(v));
	expect_done(v);
}

/* -- stage-2 faults: one page each, fresh or write-protected -- */

static void setup_touch(struct bench *b, u32 flags)
{
	u64 page = (u64)sysconf(_SC_PAGESIZE);
	int r;

	setup_one(b, g_touch, g_touch_end, page, MEM_GPA);
	b->mem_size = b->n * page;
	b->mem = mmap(NULL, b->mem_size, PROT_READ | PROT_WRITE,
		      MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (b->mem == MAP_FAILED)
		fail("mmap %llu bytes: %m", (unsigned long long)b->mem_size);
	/* one fault per base page: no huge page in the host or stage 2 */
	madvise(b->mem, b->mem_size, MADV_NOHUGEPAGE);
	r = vm_set_mem(b->vm, 1, MEM_GPA, b->mem_size, flags, b->mem);
	if (r)
		fail("KVM_SET_USER_MEMORY_REGION slot 1: %s", errname(r));
}

static void setup_fault(struct bench *b)
{
	setup_touch(b, 0);
}

/*
 * Every page written once with dirty logging on, the log fetched (which
 * write-protects the pages again): the run writes them once more
 */
static void setup_dirty(struct bench *b)
{
	struct kvm_dirty_log log = { .slot = 1 };
	struct kvm_regs regs;
	u64 *bitmap = calloc(b->n / 64 + 1, sizeof(u64));

	setup_touch(b, KVM_MEM_LOG_DIRTY_PAGES);
	expect_done(b->v[0]);
	log.dirty_bitmap = bitmap;
	if (ioctl(b->vm->fd, KVM_GET_DIRTY_LOG, &log))
		fail("KVM_GET_DIRTY_LOG: %m");
	for (u64 i = 0; i < b->n; i++)
		if (!(bitmap[i / 64] & (1ULL << (i % 64))))
			fail("page %llu of %llu not dirty after the first pass",
			     (unsigned long long)i, (unsigned long long)b->n);
	free(bitmap);
	regs = vcpu_regs(b->v[0]);
	regs.pc = 0;
	regs.gpr[R_S0] = b->n;
	regs.gpr[R_S3] = MEM_GPA;
	vcpu_set_regs(b->v[0], &regs);
}

/* -- interrupts to a vCPU blocked in idle -- */

static void setup_timer(struct bench *b)
{
	/* 10 us of the 100 MHz constant timer */
	setup_one(b, g_timer, g_timer_end, 1000, 0);
	vm_load(b->vm, HANDLER_GPA, h_timer, h_timer_end);
}

static void setup_ipi(struct bench *b, const char *code, const char *end,
		      const char *handler, const char *handler_end, u64 add)
{
	b->vm = vm_std(code, end);
	vm_load(b->vm, HANDLER_GPA, handler, handler_end);
	for (int i = 0; i < 2; i++) {
		b->v[i] = bench_vcpu(b, i, i == 0, 1ULL << (1 - i));
		csr_set(b->v[i], CSR_CPUID, i);
		if (add)
			vcpu_add_features(b->v[i], add);
	}
}

static void setup_ipi_mmio(struct bench *b)
{
	setup_ipi(b, g_ipi_mmio, g_ipi_mmio_end, h_ipi_mmio, h_ipi_mmio_end, 0);
}

static void setup_ipi_pv(struct bench *b)
{
	setup_ipi(b, g_ipi_pv, g_ipi_pv_end, h_ipi_pv, h_ipi_pv_end,
		  1ULL << KVM_FEATURE_IPI);
}

struct ipi_thread {
	struct bench *b;
	int self;
};

/* One vCPU of an IPI row: its line lowered at ACK, the other's raised at KICK */
static void *ipi_vcpu(void *p)
{
	struct ipi_thread *t = p;
	struct vcpu *v = t->b->v[t->self], *other = t->b->v[!t->self];

	for (;;) {
		struct kvm_run *run = run_once(v);

		if (is_exit(run, X_DONE))
			return NULL;
		if (is_exit(run, X_ACK) && !vcpu_irq(v, -IRQ_HWI0))
			continue;
		if (is_exit(run, X_KICK) && !vcpu_irq(other, IRQ_HWI0))
			continue;
		fail("vCPU %d: %s", t->self, exit_str(v));
	}
}

static void run_ipi(struct bench *b)
{
	struct ipi_thread t[2] = { { b, 0 }, { b, 1 } };
	pthread_t other;

	pthread_create(&other, NULL, ipi_vcpu, &t[1]);
	ipi_vcpu(&t[0]);
	pthread_join(other, NULL);
}

/* -- the macro rows: mainline's selftests -- */

static void selftest(const char *prog, const char *arg1, u64 v1,
		     const char *arg2, u64 v2)
{
	char path[64], a1[32], a2[32];
	int status;
	pid_t pid;

	snprintf(path, sizeof(path), SELFTESTS "%s", prog);
	snprintf(a1, sizeof(a1), "%llu", (unsigned long long)v1);
	snprintf(a2, sizeof(a2), "%llu", (unsigned long long)v2);
	pid = fork();
	if (pid < 0)
		fail("fork: %m");
	if (!pid) {
		/* the program loads its own ELF file into the guest */
		execl(path, path, arg1, a1, arg2, a2, (char *)NULL);
		printf("kvm-bench: %s: %m\n", path);
		_exit(127);
	}
	if (waitpid(pid, &status, 0) != pid)
		fail("waitpid: %m");
	if (!WIFEXITED(status) || WEXITSTATUS(status))
		fail("%s: wait status %#x", prog, status);
}

/* One vCPU touches n fresh pages once */
static void run_demand_paging(struct bench *b)
{
	selftest("demand_paging_test", "-b", b->n * GUEST_PAGE, "-v", 1);
}

/* One vCPU dirties DIRTY_PAGES pages n / DIRTY_PAGES times */
static void run_dirty_log(struct bench *b)
{
	selftest("dirty_log_perf_test", "-b", DIRTY_PAGES * GUEST_PAGE,
		 "-i", b->n / DIRTY_PAGES);
}

/*
 * Round trips: (n1, n2) chosen so that the larger run executes some ten
 * million instructions or more on the production kernels
 */
static const struct row rows[] = {
	{ "hypercall", 2000, 22000, setup_hcall, run_to_done, false },
	{ "cpucfg", 2000, 22000, setup_cpucfg, run_to_done, false },
	{ "mmio", 1000, 11000, setup_mmio, run_exits, false },
	{ "iocsr", 1000, 11000, setup_iocsr, run_exits, false },
	{ "fault", 256, 2304, setup_fault, run_to_done, false },
	{ "dirty", 256, 2304, setup_dirty, run_to_done, false },
	{ "timer", 100, 1100, setup_timer, run_to_done, false },
	{ "ipi-mmio", 100, 1100, setup_ipi_mmio, run_ipi, false },
	{ "ipi-pv", 100, 1100, setup_ipi_pv, run_ipi, false },
	{ "demand-paging", 512, 2560, NULL, run_demand_paging, true },
	{ "dirty-log", 2 * DIRTY_PAGES, 4 * DIRTY_PAGES, NULL, run_dirty_log,
	  true },
};

static void measure(const struct row *r, u64 n)
{
	struct bench b = { .n = n };

	if (r->setup)
		r->setup(&b);
	printf("BENCH %s %llu%s\n", r->name, (unsigned long long)n,
	       r->kernel ? " kernel" : "");
	fflush(stdout);
	BENCH_MARK(1);
	r->run(&b);
	BENCH_MARK(2);
	teardown(&b);
}

/*
 * The host's transparent huge pages: Debian's kernel has them "always",
 * our production configuration not at all. With them, each run of a
 * macro row costs what the allocation of huge pages happens to cost, in
 * memory that earlier runs fragmented (mainline's dirty-log row drifted
 * by 10% over five repetitions); both kernels run the rows without.
 */
static void no_thp(void)
{
	const char *path = "/sys/kernel/mm/transparent_hugepage/enabled";
	char line[128] = "not configured\n";
	FILE *f = fopen(path, "r");

	if (f) {
		if (!fgets(line, sizeof(line), f))
			snprintf(line, sizeof(line), "unreadable\n");
		fclose(f);
		f = fopen(path, "w");
		if (!f || fputs("never\n", f) < 0 || fclose(f))
			fail("%s = never: %m", path);
	}
	printf("kvm-bench: transparent huge pages: %s", line);
}

static const struct row *current_row;

static int bench_row(void)
{
	/* A macro row's first run loads the program and its libraries */
	if (current_row->kernel) {
		struct bench b = { .n = current_row->n1 };

		no_thp();
		current_row->run(&b);
	}
	for (int rep = 0; rep < REPS; rep++) {
		measure(current_row, current_row->n1);
		measure(current_row, current_row->n2);
	}
	return KT_PASS;
}

/* The text symbols of the kernel and its modules */
static void print_kallsyms(void)
{
	char addr[32], type[4], name[256];
	FILE *f = fopen("/proc/kallsyms", "r");

	if (!f) {
		printf("kvm-bench: /proc/kallsyms: %m\n");
		return;
	}
	while (fscanf(f, "%31s %3s %255s%*[^\n]", addr, type, name) == 3)
		if (type[0] == 't' || type[0] == 'T')
			printf("KSYM %s %s\n", addr, name);
	fclose(f);
}

int main(int argc, char **argv)
{
	struct kt_case c = { .fn = bench_row, .timeout = 3600 };
	int failed = 0, fd, kallsyms = 0;
	FILE *f;

	setvbuf(stdout, NULL, _IOLBF, 0);
	kt_sh = mmap(NULL, sizeof(*kt_sh), PROT_READ | PROT_WRITE,
		     MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	fd = open("/dev/kvm", O_RDWR | O_CLOEXEC);
	if (kt_sh == MAP_FAILED || fd < 0) {
		printf("RESULT kvm/bench FAIL /dev/kvm: %m\n");
		return 1;
	}
	close(fd);
	for (int a = 1; a < argc; a++)
		kallsyms |= !strcmp(argv[a], "--kallsyms");
	f = fopen("/sys/module/kvm/parameters/halt_poll_ns", "w");
	if (!f || fputs("0\n", f) < 0 || fclose(f)) {
		printf("RESULT kvm/bench FAIL halt_poll_ns = 0: %m\n");
		return 1;
	}
	wait_host_idle(600);
	for (size_t i = 0; i < ARRAY_SIZE(rows); i++) {
		int chosen = argc == 1 + kallsyms;

		for (int a = 1; a < argc; a++)
			chosen |= !strcmp(argv[a], rows[i].name);
		if (!chosen)
			continue;
		current_row = &rows[i];
		c.name = rows[i].name;
		failed |= kt_run_case("bench", &c) == KT_FAIL;
	}
	if (kallsyms)
		print_kallsyms();
	return failed;
}
