// SPDX-License-Identifier: GPL-2.0
/*
 * Stage-2 memory behaviour: dirty logging (KVM_GET_DIRTY_LOG, and
 * KVM_CLEAR_DIRTY_LOG with KVM_CAP_MANUAL_DIRTY_LOG_PROTECT2), memslot
 * delete and move dropping stale translations, host and guest seeing
 * each other's writes, and MMU notifier invalidations (MADV_DONTNEED,
 * an mmap(MAP_FIXED) over guest memory, a host copy-on-write of the zero
 * page the guest has mapped).
 *
 * The guest is one loop driven by the host: it reports MARK_READY
 * (hvcl 0x102, a1 = result of the last access), then does one 64-bit
 * access that the host chose with KVM_SET_REGS: s0 = GPA, s1 = 0 load
 * (a1 = the value loaded) or 1 store of s2 (a1 = s2), and reports again.
 * Slot 1 is the memory under test, at SLOT_GPA. Dirty bits are per host
 * page (getpagesize(), 16 KiB on this kernel).
 */
#include "kvm-util.h"

#define SLOT		1
#define SLOT_GPA	0x400000ULL
#define MOVE_GPA	0x1000000ULL

GUEST(g_access,
	G_EENTRY(EXC_GPA)
	"0: ori $a0, $zero, 0x7e\n"
	HVCL(0x102)
	"bnez $s1, 1f\n"
	"ld.d $a1, $s0, 0\n"
	"b 0b\n"
	"1: st.d $s2, $s0, 0\n"
	"or $a1, $s2, $zero\n"
	"b 0b\n");

static long ps;		/* host page size */

/* A value that tells pages and offsets apart */
static u64 pat(u64 tag, u64 page, u64 off)
{
	return 0x5a00000000000000ULL | tag << 40 | page << 16 | off;
}

static u64 *host_u64(char *host, u64 page, u64 off)
{
	return (u64 *)(host + page * ps + off);
}

/* Anonymous memory for a slot (not yet mapped in the VM) */
static char *anon(u64 npages)
{
	char *p = mmap(NULL, npages * ps, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);

	if (p == MAP_FAILED)
		fail("mmap %llu pages: %m", (unsigned long long)npages);
	return p;
}

static void set_slot(struct vm *vm, u64 gpa, u64 npages, u32 flags,
		     void *host, const char *what)
{
	int r = vm_set_mem(vm, SLOT, gpa, npages * ps, flags, host);

	if (r)
		fail("%s: KVM_SET_USER_MEMORY_REGION slot %u gpa 0x%llx size 0x%llx flags 0x%x: %s",
		     what, SLOT, (unsigned long long)gpa,
		     (unsigned long long)(npages * ps), flags, errname(r));
}

/* The standard VM running g_access, its vCPU stopped at the first report */
static struct vcpu *access_vcpu(struct vm **vmp)
{
	struct vm *vm = VM_STD(g_access);
	struct vcpu *v = vcpu_new(vm, 0);

	expect_report(v, MARK_READY);
	*vmp = vm;
	return v;
}

static void set_op(struct vcpu *v, int write, u64 gpa, u64 val)
{
	struct kvm_regs regs = vcpu_regs(v);

	regs.gpr[23] = gpa;	/* s0 */
	regs.gpr[24] = write;	/* s1 */
	regs.gpr[25] = val;	/* s2 */
	vcpu_set_regs(v, &regs);
}

static u64 ready(struct vcpu *v, const char *what, u64 gpa)
{
	struct kvm_run *run = v->run;

	run_ok(v);
	if (run->exit_reason != KVM_EXIT_HYPERCALL ||
	    run->hypercall.nr != HC_USER || run->hypercall.args[0] != MARK_READY)
		fail("%s (gpa 0x%llx): expected the guest's report, got %s",
		     what, (unsigned long long)gpa, exit_str(v));
	return run->hypercall.args[1];
}

/* The guest loads 8 bytes at @gpa from memory; returns the value */
static u64 g_load(struct vcpu *v, u64 gpa, const char *what)
{
	set_op(v, 0, gpa, 0);
	return ready(v, what, gpa);
}

/* The guest loads @gpa and must see @want */
static void g_expect(struct vcpu *v, u64 gpa, u64 want, const char *what)
{
	u64 got = g_load(v, gpa, what);

	if (got != want)
		fail("%s: guest load at gpa 0x%llx got 0x%llx, expected 0x%llx",
		     what, (unsigned long long)gpa, (unsigned long long)got,
		     (unsigned long long)want);
}

/* The guest stores @val at @gpa, which is memory */
static void g_store(struct vcpu *v, u64 gpa, u64 val, const char *what)
{
	set_op(v, 1, gpa, val);
	ready(v, what, gpa);
}

/* The guest's access at @gpa must be an 8-byte MMIO exit there */
static void g_mmio(struct vcpu *v, int write, u64 gpa, u64 val,
		   const char *what)
{
	struct kvm_run *run = v->run;
	u64 got;

	set_op(v, write, gpa, val);
	run_ok(v);
	if (run->exit_reason != KVM_EXIT_MMIO ||
	    run->mmio.phys_addr != gpa || run->mmio.len != 8 ||
	    !!run->mmio.is_write != !!write)
		fail("%s: expected an MMIO %s exit at gpa 0x%llx len 8, got %s",
		     what, write ? "write" : "read", (unsigned long long)gpa,
		     exit_str(v));
	if (write) {
		got = le_get(run->mmio.data, 8);
		EXPECT(got == val, "%s: MMIO write data 0x%llx, expected 0x%llx",
		       what, (unsigned long long)got, (unsigned long long)val);
		ready(v, what, gpa);
		return;
	}
	le_put(run->mmio.data, 0x0dd0beefcafe0001ULL);
	got = ready(v, what, gpa);
	EXPECT(got == 0x0dd0beefcafe0001ULL,
	       "%s: guest got 0x%llx after the MMIO read, expected the data userspace gave",
	       what, (unsigned long long)got);
}

static u64 page_gpa(u64 base, u64 page, u64 off)
{
	return base + page * ps + off;
}

/* ------------------------------------------------------------------ */
/* Dirty logging                                                        */

/* KVM_GET_DIRTY_LOG of slot 1 into @bm (@words u64s, poisoned first) */
static void get_dirty(struct vm *vm, u64 *bm, int words, const char *what)
{
	struct kvm_dirty_log log = { .slot = SLOT };
	int r;

	memset(bm, 0xa5, words * sizeof(*bm));
	log.dirty_bitmap = bm;
	r = xioctl(vm->fd, KVM_GET_DIRTY_LOG, &log);
	if (r)
		fail("%s: KVM_GET_DIRTY_LOG: %s", what, errname(r));
}

static void expect_dirty(struct vm *vm, const u64 *want, int words,
			 const char *what)
{
	u64 bm[4];
	int i;

	get_dirty(vm, bm, words, what);
	for (i = 0; i < words; i++)
		if (bm[i] != want[i])
			fail("%s: dirty bitmap word %d (pages %d..%d) 0x%016llx, expected 0x%016llx",
			     what, i, 64 * i, 64 * i + 63,
			     (unsigned long long)bm[i],
			     (unsigned long long)want[i]);
}

static void expect_dirty1(struct vm *vm, u64 want, const char *what)
{
	expect_dirty(vm, &want, 1, what);
}

#define DL_PAGES	16	/* one bitmap word; bits 16..63 must stay 0 */

/*
 * KVM_MEM_LOG_DIRTY_PAGES: the pages the guest wrote, exactly, not the
 * ones it only read; GET_DIRTY_LOG clears and write-protects, so a
 * second one right after is empty, and the next write to a page that
 * was written before (or only read) is logged again.
 */
static int dirty_log(void)
{
	static const int written[] = { 1, 4, 5, 13 };
	static const int read_only[] = { 0, 2, 7, 15 };
	char *host = anon(DL_PAGES), what[96];
	struct vm *vm;
	struct vcpu *v = access_vcpu(&vm);
	u64 want = 0;
	size_t i;
	int p;

	for (p = 0; p < DL_PAGES; p++)
		*host_u64(host, p, 8) = pat(1, p, 8);
	set_slot(vm, SLOT_GPA, DL_PAGES, KVM_MEM_LOG_DIRTY_PAGES, host,
		 "slot with KVM_MEM_LOG_DIRTY_PAGES");
	expect_dirty1(vm, 0, "new slot, guest did nothing");

	for (i = 0; i < ARRAY_SIZE(read_only); i++) {
		p = read_only[i];
		snprintf(what, sizeof(what), "guest reads page %d", p);
		g_expect(v, page_gpa(SLOT_GPA, p, 8), pat(1, p, 8), what);
	}
	for (i = 0; i < ARRAY_SIZE(written); i++) {
		p = written[i];
		snprintf(what, sizeof(what), "guest writes page %d", p);
		/* a read first (maps the page read-only), then two writes */
		g_expect(v, page_gpa(SLOT_GPA, p, 8), pat(1, p, 8), what);
		g_store(v, page_gpa(SLOT_GPA, p, 0x100), pat(2, p, 0x100), what);
		g_store(v, page_gpa(SLOT_GPA, p, ps - 8), pat(2, p, ps - 8),
			what);
		want |= 1ULL << p;
	}
	for (i = 0; i < ARRAY_SIZE(written); i++) {
		p = written[i];
		snprintf(what, sizeof(what), "host view of page %d the guest wrote", p);
		EXPECT_EQ(*host_u64(host, p, 0x100), pat(2, p, 0x100), what);
		EXPECT_EQ(*host_u64(host, p, ps - 8), pat(2, p, ps - 8), what);
	}
	expect_dirty1(vm, want,
		      "GET_DIRTY_LOG after writes to pages 1, 4, 5, 13 and reads of 0, 2, 7, 15");
	expect_dirty1(vm, 0, "second GET_DIRTY_LOG, guest did nothing in between");

	/* The bits are reset and the pages write-protected again */
	g_store(v, page_gpa(SLOT_GPA, 5, 0x200), pat(3, 5, 0x200),
		"guest writes page 5 again");
	expect_dirty1(vm, 1ULL << 5, "GET_DIRTY_LOG after writing page 5 again");
	EXPECT_EQ(*host_u64(host, 5, 0x200), pat(3, 5, 0x200),
		  "host view of page 5 after the second write");

	g_expect(v, page_gpa(SLOT_GPA, 1, 0x100), pat(2, 1, 0x100),
		 "guest reads page 1 (written before)");
	g_expect(v, page_gpa(SLOT_GPA, 13, 8), pat(1, 13, 8),
		 "guest reads page 13 (written before)");
	expect_dirty1(vm, 0, "GET_DIRTY_LOG after reads only");

	g_store(v, page_gpa(SLOT_GPA, 7, 0x10), pat(3, 7, 0x10),
		"guest writes page 7 (only read before)");
	g_store(v, page_gpa(SLOT_GPA, 4, 0x10), pat(3, 4, 0x10),
		"guest writes page 4 again");
	expect_dirty1(vm, 1ULL << 7 | 1ULL << 4,
		      "GET_DIRTY_LOG after writing pages 4 and 7");
	expect_dirty1(vm, 0, "GET_DIRTY_LOG again, guest did nothing");
	EXPECT_EQ(*host_u64(host, 7, 0x10), pat(3, 7, 0x10),
		  "host view of page 7 the guest wrote");
	return KT_PASS;
}

/*
 * Logging turned on for a slot the guest already writes (a flags-only
 * change, as at the start of a migration): pages mapped writable before
 * must be write-protected, so that their next write is logged. Turned
 * off again: no bitmap (-ENOENT), and the guest still writes.
 */
static int dirty_log_enable(void)
{
	char *host = anon(DL_PAGES), what[64];
	struct kvm_dirty_log log = { .slot = SLOT };
	struct vm *vm;
	struct vcpu *v = access_vcpu(&vm);
	u64 bm[1];
	int p;

	set_slot(vm, SLOT_GPA, DL_PAGES, 0, host, "slot without logging");
	for (p = 0; p < 4; p++) {
		snprintf(what, sizeof(what), "guest writes page %d", p);
		g_store(v, page_gpa(SLOT_GPA, p, 0x10), pat(1, p, 0x10), what);
	}
	g_expect(v, page_gpa(SLOT_GPA, 6, 0x10), 0, "guest reads page 6");
	log.dirty_bitmap = bm;
	EXPECT_ERR(xioctl(vm->fd, KVM_GET_DIRTY_LOG, &log), -ENOENT,
		   "KVM_GET_DIRTY_LOG of a slot without logging");

	set_slot(vm, SLOT_GPA, DL_PAGES, KVM_MEM_LOG_DIRTY_PAGES, host,
		 "turn KVM_MEM_LOG_DIRTY_PAGES on");
	expect_dirty1(vm, 0, "GET_DIRTY_LOG right after logging was turned on");
	g_store(v, page_gpa(SLOT_GPA, 1, 0x18), pat(2, 1, 0x18),
		"guest writes page 1 (mapped writable before logging)");
	g_store(v, page_gpa(SLOT_GPA, 2, 0x18), pat(2, 2, 0x18),
		"guest writes page 2 (mapped writable before logging)");
	g_expect(v, page_gpa(SLOT_GPA, 3, 0x10), pat(1, 3, 0x10),
		 "guest reads page 3");
	g_store(v, page_gpa(SLOT_GPA, 6, 0x18), pat(2, 6, 0x18),
		"guest writes page 6 (read before logging)");
	expect_dirty1(vm, 1ULL << 1 | 1ULL << 2 | 1ULL << 6,
		      "GET_DIRTY_LOG after writes to pages 1, 2, 6 and a read of 3");

	set_slot(vm, SLOT_GPA, DL_PAGES, 0, host,
		 "turn KVM_MEM_LOG_DIRTY_PAGES off");
	EXPECT_ERR(xioctl(vm->fd, KVM_GET_DIRTY_LOG, &log), -ENOENT,
		   "KVM_GET_DIRTY_LOG after logging was turned off");
	g_store(v, page_gpa(SLOT_GPA, 3, 0x20), pat(3, 3, 0x20),
		"guest writes page 3 after logging was turned off");
	EXPECT_EQ(*host_u64(host, 3, 0x20), pat(3, 3, 0x20),
		  "host view of the guest's write to page 3");
	EXPECT_EQ(*host_u64(host, 6, 0x18), pat(2, 6, 0x18),
		  "host view of the guest's write to page 6");
	return KT_PASS;
}

#define MP_PAGES	128	/* two bitmap words: CLEAR works on 64 pages */

static void clear_dirty(struct vm *vm, u64 first, u32 num, u64 mask,
			const char *what)
{
	struct kvm_clear_dirty_log c = {
		.slot = SLOT, .num_pages = num, .first_page = first,
	};
	u64 bm[2] = { mask, 0 };
	int r;

	c.dirty_bitmap = bm;
	r = xioctl(vm->fd, KVM_CLEAR_DIRTY_LOG, &c);
	if (r)
		fail("%s: KVM_CLEAR_DIRTY_LOG first %llu num %u: %s", what,
		     (unsigned long long)first, num, errname(r));
}

/*
 * KVM_CAP_MANUAL_DIRTY_LOG_PROTECT2: GET_DIRTY_LOG neither clears nor
 * protects; KVM_CLEAR_DIRTY_LOG does, for the pages of its mask only.
 */
static int dirty_log_manual_protect(void)
{
	struct kvm_enable_cap cap = { .cap = KVM_CAP_MANUAL_DIRTY_LOG_PROTECT2 };
	char *host = anon(MP_PAGES);
	u64 want[2];
	struct vm *vm;
	struct vcpu *v = access_vcpu(&vm);
	int caps, init, p;

	caps = check_ext(vm->fd, KVM_CAP_MANUAL_DIRTY_LOG_PROTECT2);
	if (caps <= 0)
		skip("KVM_CHECK_EXTENSION(MANUAL_DIRTY_LOG_PROTECT2) on the VM = %d",
		     caps);
	EXPECT(caps & KVM_DIRTY_LOG_MANUAL_PROTECT_ENABLE,
	       "MANUAL_DIRTY_LOG_PROTECT2 reports 0x%x, without MANUAL_PROTECT_ENABLE",
	       caps);
	init = !!(caps & KVM_DIRTY_LOG_INITIALLY_SET);
	printf("# MANUAL_DIRTY_LOG_PROTECT2 reports 0x%x: INITIALLY_SET %s\n",
	       caps, init ? "used" : "not reported");
	cap.args[0] = KVM_DIRTY_LOG_MANUAL_PROTECT_ENABLE |
		      (init ? KVM_DIRTY_LOG_INITIALLY_SET : 0);
	EXPECT_OK(xioctl(vm->fd, KVM_ENABLE_CAP, &cap),
		  "KVM_ENABLE_CAP(MANUAL_DIRTY_LOG_PROTECT2)");

	for (p = 0; p < MP_PAGES; p++)
		*host_u64(host, p, 0) = pat(1, p, 0);
	set_slot(vm, SLOT_GPA, MP_PAGES, KVM_MEM_LOG_DIRTY_PAGES, host,
		 "slot with KVM_MEM_LOG_DIRTY_PAGES");

	g_store(v, page_gpa(SLOT_GPA, 3, 8), pat(2, 3, 8), "guest writes page 3");
	g_store(v, page_gpa(SLOT_GPA, 6, 8), pat(2, 6, 8), "guest writes page 6");
	g_store(v, page_gpa(SLOT_GPA, 70, 8), pat(2, 70, 8),
		"guest writes page 70");
	g_expect(v, page_gpa(SLOT_GPA, 10, 0), pat(1, 10, 0),
		 "guest reads page 10");

	if (init) {
		want[0] = ~0ULL;
		want[1] = ~0ULL;
	} else {
		want[0] = 1ULL << 3 | 1ULL << 6;
		want[1] = 1ULL << (70 - 64);
	}
	expect_dirty(vm, want, 2, init ?
		     "GET_DIRTY_LOG with INITIALLY_SET (all pages)" :
		     "GET_DIRTY_LOG after writes to pages 3, 6, 70");
	expect_dirty(vm, want, 2,
		     "second GET_DIRTY_LOG (manual protect: nothing cleared)");

	clear_dirty(vm, 0, 64, ~0ULL, "clear pages 0..63");
	want[0] = 0;
	expect_dirty(vm, want, 2,
		     "GET_DIRTY_LOG after CLEAR_DIRTY_LOG of pages 0..63");

	/* Page 3 and 6 were writable; the CLEAR must have protected them */
	g_store(v, page_gpa(SLOT_GPA, 3, 0x20), pat(3, 3, 0x20),
		"guest writes page 3 (cleared)");
	g_expect(v, page_gpa(SLOT_GPA, 6, 8), pat(2, 6, 8),
		 "guest reads page 6 (cleared)");
	g_expect(v, page_gpa(SLOT_GPA, 10, 0), pat(1, 10, 0),
		 "guest reads page 10 (cleared)");
	want[0] = 1ULL << 3;
	expect_dirty(vm, want, 2,
		     "GET_DIRTY_LOG after the guest wrote page 3 and read pages 6, 10");

	g_store(v, page_gpa(SLOT_GPA, 40, 0), pat(3, 40, 0),
		"guest writes page 40 (never touched)");
	want[0] |= 1ULL << 40;
	expect_dirty(vm, want, 2, "GET_DIRTY_LOG after the guest wrote page 40");

	/* Only the pages of the mask are cleared and protected */
	clear_dirty(vm, 0, 64, 1ULL << 3, "clear page 3 only");
	want[0] = 1ULL << 40;
	expect_dirty(vm, want, 2, "GET_DIRTY_LOG after clearing page 3 only");
	g_store(v, page_gpa(SLOT_GPA, 3, 0x28), pat(4, 3, 0x28),
		"guest writes page 3 (cleared again)");
	want[0] |= 1ULL << 3;
	expect_dirty(vm, want, 2, "GET_DIRTY_LOG after writing page 3 again");

	/* Upper word: clear it, then a write to page 70 shows up again */
	clear_dirty(vm, 64, 64, ~0ULL, "clear pages 64..127");
	want[1] = 0;
	expect_dirty(vm, want, 2, "GET_DIRTY_LOG after clearing pages 64..127");
	g_store(v, page_gpa(SLOT_GPA, 70, 0x30), pat(4, 70, 0x30),
		"guest writes page 70 (cleared)");
	want[1] = 1ULL << (70 - 64);
	expect_dirty(vm, want, 2, "GET_DIRTY_LOG after writing page 70 again");

	EXPECT_EQ(*host_u64(host, 3, 0x28), pat(4, 3, 0x28), "host view of page 3");
	EXPECT_EQ(*host_u64(host, 40, 0), pat(3, 40, 0), "host view of page 40");
	EXPECT_EQ(*host_u64(host, 70, 0x30), pat(4, 70, 0x30),
		  "host view of page 70");
	return KT_PASS;
}

/* ------------------------------------------------------------------ */
/* Memslot delete and move                                              */

/*
 * Deleting a slot drops its translations: the load that read memory
 * before is an MMIO exit now, for a page the guest had mapped writable
 * and one it had only read. A new slot at the same GPA reads its own
 * memory, not the old pages.
 */
static int slot_delete(void)
{
	char *host = anon(2), *host2 = anon(2);
	u64 a = page_gpa(SLOT_GPA, 0, 0x18), b = page_gpa(SLOT_GPA, 1, 0x28);
	struct vm *vm;
	struct vcpu *v = access_vcpu(&vm);

	*host_u64(host, 0, 0x18) = pat(1, 0, 0x18);
	*host_u64(host, 1, 0x28) = pat(1, 1, 0x28);
	set_slot(vm, SLOT_GPA, 2, 0, host, "create slot 1");
	g_expect(v, a, pat(1, 0, 0x18), "guest reads page 0 of slot 1");
	g_store(v, a + 8, 0x1234, "guest writes page 0 of slot 1");
	g_expect(v, b, pat(1, 1, 0x28), "guest reads page 1 of slot 1");
	EXPECT_EQ(*host_u64(host, 0, 0x20), 0x1234, "host view of the guest's write");

	set_slot(vm, SLOT_GPA, 0, 0, host, "delete slot 1 (memory_size 0)");
	g_mmio(v, 0, a, 0, "guest reads page 0 after the delete");
	g_mmio(v, 0, b, 0, "guest reads page 1 after the delete");
	g_mmio(v, 1, a + 8, 0x5678, "guest writes page 0 after the delete");
	EXPECT_EQ(*host_u64(host, 0, 0x20), 0x1234,
		  "old memory after the guest's store to the deleted slot");

	*host_u64(host2, 0, 0x18) = pat(2, 0, 0x18);
	*host_u64(host2, 1, 0x28) = pat(2, 1, 0x28);
	set_slot(vm, SLOT_GPA, 2, 0, host2, "create slot 1 again, new memory");
	g_expect(v, a, pat(2, 0, 0x18), "guest reads page 0 of the new slot");
	g_expect(v, b, pat(2, 1, 0x28), "guest reads page 1 of the new slot");
	g_store(v, a + 8, 0x9abc, "guest writes page 0 of the new slot");
	EXPECT_EQ(*host_u64(host2, 0, 0x20), 0x9abc,
		  "new memory after the guest's store");
	EXPECT_EQ(*host_u64(host, 0, 0x20), 0x1234,
		  "old memory after the guest's store to the new slot");
	return KT_PASS;
}

/*
 * Moving a slot (same id, size, memory; new guest_phys_addr): the data
 * is at the new GPA, the old GPA is MMIO, loads and stores.
 */
static int slot_move(void)
{
	char *host = anon(2);
	struct vm *vm;
	struct vcpu *v = access_vcpu(&vm);
	int p;

	for (p = 0; p < 2; p++)
		*host_u64(host, p, 0x40) = pat(1, p, 0x40);
	set_slot(vm, SLOT_GPA, 2, 0, host, "create slot 1");
	g_expect(v, page_gpa(SLOT_GPA, 0, 0x40), pat(1, 0, 0x40),
		 "guest reads page 0 at the old GPA");
	g_expect(v, page_gpa(SLOT_GPA, 1, 0x40), pat(1, 1, 0x40),
		 "guest reads page 1 at the old GPA");
	g_store(v, page_gpa(SLOT_GPA, 0, 0x48), pat(2, 0, 0x48),
		"guest writes page 0 at the old GPA");

	set_slot(vm, MOVE_GPA, 2, 0, host, "move slot 1 (new guest_phys_addr)");
	g_expect(v, page_gpa(MOVE_GPA, 0, 0x40), pat(1, 0, 0x40),
		 "guest reads page 0 at the new GPA");
	g_expect(v, page_gpa(MOVE_GPA, 0, 0x48), pat(2, 0, 0x48),
		 "guest reads its earlier write at the new GPA");
	g_expect(v, page_gpa(MOVE_GPA, 1, 0x40), pat(1, 1, 0x40),
		 "guest reads page 1 at the new GPA");
	g_mmio(v, 0, page_gpa(SLOT_GPA, 0, 0x40), 0,
	       "guest reads page 0 at the old GPA after the move");
	g_mmio(v, 0, page_gpa(SLOT_GPA, 1, 0x40), 0,
	       "guest reads page 1 at the old GPA after the move");
	g_mmio(v, 1, page_gpa(SLOT_GPA, 0, 0x48), 0x7777,
	       "guest writes page 0 at the old GPA after the move");
	g_store(v, page_gpa(MOVE_GPA, 1, 0x50), pat(3, 1, 0x50),
		"guest writes page 1 at the new GPA");
	EXPECT_EQ(*host_u64(host, 0, 0x48), pat(2, 0, 0x48),
		  "memory after the guest's store to the old GPA");
	EXPECT_EQ(*host_u64(host, 1, 0x50), pat(3, 1, 0x50),
		  "host view of the guest's store at the new GPA");
	return KT_PASS;
}

/* ------------------------------------------------------------------ */
/* Host and guest views                                                 */

/*
 * Host writes are seen by the guest and guest writes by the host, also
 * when the guest reads a page first (the shared zero page, mapped
 * read-only) and the host then writes it (copy-on-write in the host:
 * the guest must follow to the new page).
 */
static int host_guest_coherent(void)
{
	char *host = anon(4);
	struct vm *vm;
	struct vcpu *v = access_vcpu(&vm);
	u64 g0 = page_gpa(SLOT_GPA, 0, 0x80);

	*host_u64(host, 0, 0x80) = 0x1111222233334444ULL;
	set_slot(vm, SLOT_GPA, 4, 0, host, "create slot 1");
	g_expect(v, g0, 0x1111222233334444ULL, "guest reads the host's value");
	g_store(v, g0, 0x5555666677778888ULL, "guest writes");
	EXPECT_EQ(*host_u64(host, 0, 0x80), 0x5555666677778888ULL,
		  "host reads the guest's value");
	*host_u64(host, 0, 0x80) = 0x9999aaaabbbbccccULL;
	g_expect(v, g0, 0x9999aaaabbbbccccULL,
		 "guest reads the host's second value (page mapped writable)");
	g_store(v, g0 + 8, 0xddddeeeeffff0000ULL, "guest writes again");
	EXPECT_EQ(*host_u64(host, 0, 0x88), 0xddddeeeeffff0000ULL,
		  "host reads the guest's second value");

	/* Page 1: never touched by the host, the guest reads it first */
	g_expect(v, page_gpa(SLOT_GPA, 1, 0x10), 0,
		 "guest reads a page nobody wrote");
	*host_u64(host, 1, 0x10) = 0x0123456789abcdefULL;
	g_expect(v, page_gpa(SLOT_GPA, 1, 0x10), 0x0123456789abcdefULL,
		 "guest reads the host's write to a page it had read as zero");

	/* Page 2: the guest writes it first, the host reads it */
	g_store(v, page_gpa(SLOT_GPA, 2, 0x20), 0xfedcba9876543210ULL,
		"guest writes a page nobody touched");
	EXPECT_EQ(*host_u64(host, 2, 0x20), 0xfedcba9876543210ULL,
		  "host reads the guest's write to an untouched page");
	*host_u64(host, 2, 0x20) = 0x13579bdf02468aceULL;
	g_expect(v, page_gpa(SLOT_GPA, 2, 0x20), 0x13579bdf02468aceULL,
		 "guest reads the host's overwrite");
	return KT_PASS;
}

/*
 * MADV_DONTNEED on guest memory zaps the host page; the MMU notifier must
 * drop the stage-2 entry so that the guest sees the new zero page, for a
 * page it had read and one it had written. The neighbour keeps its data.
 */
static int mmu_notifier_dontneed(void)
{
	char *host = anon(4);
	struct vm *vm;
	struct vcpu *v = access_vcpu(&vm);
	int p;

	for (p = 0; p < 4; p++)
		*host_u64(host, p, 0x30) = pat(1, p, 0x30);
	set_slot(vm, SLOT_GPA, 4, 0, host, "create slot 1");
	for (p = 0; p < 4; p++)
		g_expect(v, page_gpa(SLOT_GPA, p, 0x30), pat(1, p, 0x30),
			 "guest reads before MADV_DONTNEED");
	g_store(v, page_gpa(SLOT_GPA, 1, 0x38), pat(2, 1, 0x38),
		"guest writes page 1 before MADV_DONTNEED");

	EXPECT(!madvise(host + 2 * ps, ps, MADV_DONTNEED),
	       "madvise(MADV_DONTNEED) page 2: %m");
	EXPECT_EQ(*host_u64(host, 2, 0x30), 0, "host view of page 2 after DONTNEED");
	g_expect(v, page_gpa(SLOT_GPA, 2, 0x30), 0,
		 "guest reads page 2 (read before) after MADV_DONTNEED");
	g_expect(v, page_gpa(SLOT_GPA, 3, 0x30), pat(1, 3, 0x30),
		 "guest reads page 3 (not advised)");

	EXPECT(!madvise(host + 1 * ps, ps, MADV_DONTNEED),
	       "madvise(MADV_DONTNEED) page 1: %m");
	g_expect(v, page_gpa(SLOT_GPA, 1, 0x38), 0,
		 "guest reads page 1 (written before) after MADV_DONTNEED");
	g_expect(v, page_gpa(SLOT_GPA, 1, 0x30), 0,
		 "guest reads page 1 (host value before) after MADV_DONTNEED");
	g_expect(v, page_gpa(SLOT_GPA, 0, 0x30), pat(1, 0, 0x30),
		 "guest reads page 0 (not advised)");

	/* The guest's writes land in the new pages */
	g_store(v, page_gpa(SLOT_GPA, 1, 0x40), pat(3, 1, 0x40),
		"guest writes page 1 after MADV_DONTNEED");
	g_store(v, page_gpa(SLOT_GPA, 2, 0x40), pat(3, 2, 0x40),
		"guest writes page 2 after MADV_DONTNEED");
	EXPECT_EQ(*host_u64(host, 1, 0x40), pat(3, 1, 0x40),
		  "host view of the guest's write to page 1");
	EXPECT_EQ(*host_u64(host, 2, 0x40), pat(3, 2, 0x40),
		  "host view of the guest's write to page 2");
	return KT_PASS;
}

/*
 * A new mapping over guest memory (mmap MAP_FIXED at the same host
 * address) while the guest has the old page mapped: the guest sees the
 * new page, anonymous private or a shared memfd page that the host
 * writes through a second mapping.
 */
static int mmu_notifier_remap(void)
{
	char *host = anon(4), *alias, *p2;
	struct vm *vm;
	struct vcpu *v = access_vcpu(&vm);
	int fd, p;

	for (p = 0; p < 4; p++)
		*host_u64(host, p, 0x60) = pat(1, p, 0x60);
	set_slot(vm, SLOT_GPA, 4, 0, host, "create slot 1");
	for (p = 0; p < 4; p++)
		g_expect(v, page_gpa(SLOT_GPA, p, 0x60), pat(1, p, 0x60),
			 "guest reads before the remap");
	g_store(v, page_gpa(SLOT_GPA, 2, 0x68), pat(2, 2, 0x68),
		"guest writes page 2 before the remap");

	/* Page 2: a new private anonymous page */
	p2 = mmap(host + 2 * ps, ps, PROT_READ | PROT_WRITE,
		  MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	EXPECT(p2 == host + 2 * ps, "mmap MAP_FIXED anonymous over page 2: %m");
	*host_u64(host, 2, 0x60) = pat(3, 2, 0x60);
	g_expect(v, page_gpa(SLOT_GPA, 2, 0x60), pat(3, 2, 0x60),
		 "guest reads page 2 after the anonymous remap");
	g_expect(v, page_gpa(SLOT_GPA, 2, 0x68), 0,
		 "guest reads its old write in page 2 after the remap");
	g_store(v, page_gpa(SLOT_GPA, 2, 0x70), pat(4, 2, 0x70),
		"guest writes page 2 after the remap");
	EXPECT_EQ(*host_u64(host, 2, 0x70), pat(4, 2, 0x70),
		  "host view of the guest's write to the new page 2");
	g_expect(v, page_gpa(SLOT_GPA, 3, 0x60), pat(1, 3, 0x60),
		 "guest reads page 3 (not remapped)");

	/* Page 1: a shared memfd page, written through another mapping */
	fd = memfd_create("kvm-memory", MFD_CLOEXEC);
	EXPECT(fd >= 0, "memfd_create: %m");
	EXPECT(!ftruncate(fd, ps), "ftruncate memfd: %m");
	alias = mmap(NULL, ps, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	EXPECT(alias != MAP_FAILED, "mmap memfd: %m");
	*host_u64(alias, 0, 0x60) = pat(5, 1, 0x60);
	p2 = mmap(host + ps, ps, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_FIXED,
		  fd, 0);
	EXPECT(p2 == host + ps, "mmap MAP_FIXED memfd over page 1: %m");
	g_expect(v, page_gpa(SLOT_GPA, 1, 0x60), pat(5, 1, 0x60),
		 "guest reads page 1 after the memfd remap");
	g_store(v, page_gpa(SLOT_GPA, 1, 0x78), pat(6, 1, 0x78),
		"guest writes page 1 (memfd)");
	EXPECT_EQ(*host_u64(alias, 0, 0x78), pat(6, 1, 0x78),
		  "the guest's write through the memfd's other mapping");
	*host_u64(alias, 0, 0x60) = pat(7, 1, 0x60);
	g_expect(v, page_gpa(SLOT_GPA, 1, 0x60), pat(7, 1, 0x60),
		 "guest reads the host's write through the other mapping");
	close(fd);
	return KT_PASS;
}

/*
 * Slots as large as the guest physical address space allows take no
 * longer to change than small ones: stage 2 is walked table by table,
 * skipping what has no table, and mmu_lock is yielded on the way. A walk
 * page by page under the lock would take minutes here and trip the soft
 * lockup and RCU stall detectors, which fail the run.
 */
/*
 * The soft-lockup detector's threshold, in seconds (it reports a CPU that
 * did not schedule for twice that): the huge-slot tests lower it to its
 * minimum, so that a walk that holds the CPU for a few seconds fails
 * them. Returns the old value, or -1 without the detector.
 */
static int set_watchdog_thresh(int secs)
{
	const char *path = "/proc/sys/kernel/watchdog_thresh";
	int fd = open(path, O_RDWR), old = -1;
	char buf[16];
	ssize_t n;

	if (fd < 0)
		return -1;
	n = read(fd, buf, sizeof(buf) - 1);
	if (n > 0) {
		buf[n] = '\0';
		old = atoi(buf);
		n = snprintf(buf, sizeof(buf), "%d\n", secs);
		if (pwrite(fd, buf, n, 0) != n)
			fail("writing %s: %m", path);
	}
	close(fd);
	return old;
}

/* The guest physical address width: the highest page a slot may hold */
static int gpa_width(struct vm *vm, char *host)
{
	int k;

	for (k = 60; k > 30; k--) {
		if (!vm_set_mem(vm, SLOT, (1ULL << k) - ps, ps, 0, host)) {
			EXPECT_OK(vm_set_mem(vm, SLOT, (1ULL << k) - ps, 0, 0,
					     host), "delete the probe");
			return k;
		}
	}
	fail("no slot at the top of any address width took");
}

/* The most pages a memslot may have (KVM_MEM_MAX_NR_PAGES) */
#define MAX_SLOT_PAGES	((1ULL << 31) - 1)

/*
 * A slot of up to 2^@shift bytes (and no more pages than a slot may
 * have) in the upper half of the GPA space
 */
static void huge_slot(int shift, u32 flags_later)
{
	struct vm *vm;
	struct vcpu *v = access_vcpu(&vm);
	int width = gpa_width(vm, anon(1));
	u64 size = 1ULL << (shift < width - 2 ? shift : width - 2);
	u64 gpa = 1ULL << (width - 1), last;
	char *host;

	if (size / ps > MAX_SLOT_PAGES)
		size = MAX_SLOT_PAGES * ps;
	last = gpa + size - ps;
	host = mmap(NULL, size, PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (host == MAP_FAILED)
		fail("mmap %llu bytes: %m", (unsigned long long)size);
	set_slot(vm, gpa, size / ps, 0, host, "create");
	/* Tables at both ends of the slot */
	g_store(v, gpa, 0x1111, "store at the start");
	g_store(v, last, 0x2222, "store at the end");
	EXPECT_EQ(*(u64 *)(host + size - ps), 0x2222, "host view of the end");
	if (flags_later) {
		set_slot(vm, gpa, size / ps, flags_later, host,
			 "dirty logging on");
		g_store(v, last, 0x3333, "store after logging started");
		EXPECT_EQ(*(u64 *)(host + size - ps), 0x3333,
			  "host view after logging started");
	}
	EXPECT_OK(vm_set_mem(vm, SLOT, gpa, 0, 0, host), "delete");
	g_mmio(v, 0, last, 0, "load at the end after delete");
	munmap(host, size);
}

/* 32 TiB (or what a slot and the GPA width allow): create, use, delete */
static int huge_slot_delete(void)
{
	int old = set_watchdog_thresh(1);

	huge_slot(45, 0);
	set_watchdog_thresh(old);
	return KT_PASS;
}

/* 4 TiB (a 32 MiB dirty bitmap): also start dirty logging */
static int huge_slot_dirty_log(void)
{
	int old = set_watchdog_thresh(1);

	huge_slot(42, KVM_MEM_LOG_DIRTY_PAGES);
	set_watchdog_thresh(old);
	return KT_PASS;
}

/*
 * Guest physical addresses at or above the width that stage 2 covers
 * (2^VA_BITS of the host's page tables), though below the CPU's PALEN:
 * an address error in the guest (bad-inputs.md 16), never the page that
 * the address's low bits select, which is mapped here.
 */
static void expect_ade(struct vcpu *v, int write, u64 gpa)
{
	struct kvm_run *run = v->run;
	u64 *a = run->hypercall.args;

	set_op(v, write, gpa, 0x5555);
	run_ok(v);
	EXPECT(run->exit_reason == KVM_EXIT_HYPERCALL && a[0] == MARK_EXC,
	       "%s at 0x%llx: expected an exception in the guest, got %s",
	       write ? "store" : "load", (unsigned long long)gpa, exit_str(v));
	EXPECT(ESTAT_ECODE(a[1]) == ECODE_ADE && a[3] == gpa,
	       "%s at 0x%llx: guest exception %llu, BADV 0x%llx; expected ADE there",
	       write ? "store" : "load", (unsigned long long)gpa,
	       (unsigned long long)ESTAT_ECODE(a[1]), (unsigned long long)a[3]);
	ready(v, "after the exception", gpa);
}

/*
 * GPAs at and above the stage-2 tables' reach, but below the CPU's
 * physical address width (CPUCFG1.PALEN): wider addresses never reach
 * stage 2, the CPU drops their high bits first. With 4 KiB pages in 4
 * levels the tables cover the whole width, and there is nothing to test.
 */
static int beyond_gpa_width(void)
{
	struct vm *vm;
	struct vcpu *v = access_vcpu(&vm);
	int width = gpa_width(vm, anon(1));
	int palen = (host_cpucfg(1) >> 4 & 0xff) + 1;
	u64 high[2] = { 1ULL << width, 1ULL << (palen - 1) };
	int i;

	if (width >= palen)
		skip("stage 2 reaches all %d bits of a physical address", palen);
	*(u64 *)gpa_ptr(vm, DATA_GPA) = 0xa11a5;
	g_expect(v, DATA_GPA, 0xa11a5, "the page below");
	for (i = 0; i < 2; i++) {
		expect_ade(v, 0, high[i] | DATA_GPA);
		expect_ade(v, 1, high[i] | DATA_GPA);
	}
	EXPECT_EQ(*(u64 *)gpa_ptr(vm, DATA_GPA), 0xa11a5, "the page below");
	return KT_PASS;
}

/*
 * A slot that is being moved still covers its old range until the move
 * is done: an access there is retried, never an MMIO exit. The slot moves
 * by one page back and forth, so the page the guest reads is in the slot
 * before and after every move (page 1 of it at the old place, page 0 at
 * the new one), while the guest loads it without pause.
 */
#define MOVES		400
#define RACE_LOADS	20000

GUEST(g_race,
	"0: li.d $t1, " STR(RACE_LOADS) "\n"
	"1: ld.d $a1, $s0, 0\n"
	"addi.d $t1, $t1, -1\n"
	"bnez $t1, 1b\n"
	"ori $a0, $zero, 0x7e\n"
	HVCL(0x102)
	"b 0b\n");

struct mover {
	struct vm *vm;
	char *host;
	volatile int done;
	int err;
};

static void *mover(void *arg)
{
	struct mover *m = arg;
	int i;

	for (i = 0; i < MOVES && !m->err; i++)
		m->err = vm_set_mem(m->vm, SLOT, SLOT_GPA + (i & 1 ? 0 : ps),
				    4 * ps, 0, m->host);
	m->done = 1;
	return NULL;
}

static int slot_move_race(void)
{
	struct vm *vm = VM_STD(g_race);
	struct vcpu *v = vcpu_new(vm, 0);
	struct mover m = { .vm = vm, .host = anon(4) };
	u64 x = SLOT_GPA + ps, *a;
	struct kvm_regs regs;
	pthread_t t;
	int reports = 0;

	*host_u64(m.host, 0, 0) = pat(1, 0, 0);
	*host_u64(m.host, 1, 0) = pat(1, 1, 0);
	set_slot(vm, SLOT_GPA, 4, 0, m.host, "create");
	regs = vcpu_regs(v);
	regs.gpr[23] = x;	/* s0 */
	vcpu_set_regs(v, &regs);
	expect_report(v, MARK_READY);

	if (pthread_create(&t, NULL, mover, &m))
		fail("pthread_create: %m");
	while (!m.done || reports < 2) {
		run_ok(v);
		a = v->run->hypercall.args;
		if (v->run->exit_reason != KVM_EXIT_HYPERCALL ||
		    a[0] != MARK_READY) {
			m.err = -1;
			pthread_join(t, NULL);
			fail("after %d moves' worth of loads: %s", reports,
			     exit_str(v));
		}
		EXPECT(a[1] == pat(1, 0, 0) || a[1] == pat(1, 1, 0),
		       "guest read 0x%llx at 0x%llx", (unsigned long long)a[1],
		       (unsigned long long)x);
		reports++;
	}
	pthread_join(t, NULL);
	EXPECT_OK(m.err, "moving the slot");
	return KT_PASS;
}

#define CASE(fn)	{ #fn, fn, 0 }
/* A guest that says it runs (1 at DATA_GPA), and never exits on its own */
GUEST(g_forever,
	"li.d $t0, " STR(DATA_GPA) "\n"
	"ori $t1, $zero, 1\n"
	"st.d $t1, $t0, 0\n"
	"1: b 1b\n");

/* ... then waits, with no interrupt to come */
GUEST(g_idle_forever,
	"li.d $t0, " STR(DATA_GPA) "\n"
	"ori $t1, $zero, 1\n"
	"st.d $t1, $t0, 0\n"
	"1: idle 0\n"
	"b 1b\n");

static void *run_forever(void *arg)
{
	struct vcpu *v = arg;

	/* KVM_RUN ends with EINTR when the main thread signals us */
	ioctl(v->fd, KVM_RUN, 0);
	return NULL;
}

/*
 * A memslot update does not wait for vCPUs that are in the guest: they
 * must not hold the VM's SRCU read lock there.
 */
static int slot_update_during(const char *code, const char *end)
{
	struct vm *vm = vm_std(code, end);
	struct vcpu *v = vcpu_new(vm, 0);
	struct timespec t0, t1;
	pthread_t thread;
	long ms;

	if (pthread_create(&thread, NULL, run_forever, v))
		fail("pthread_create: %m");
	/* The guest runs once it has written its flag */
	clock_gettime(CLOCK_MONOTONIC, &t0);
	while (!__atomic_load_n((u64 *)gpa_ptr(vm, DATA_GPA), __ATOMIC_ACQUIRE)) {
		clock_gettime(CLOCK_MONOTONIC, &t1);
		EXPECT(t1.tv_sec - t0.tv_sec < 60, "the guest did not start");
		usleep(1000);
	}

	/*
	 * If the update waited for the vCPU, it would wait for ever: the
	 * limit only tells a hang from a (however slow) completion.
	 */
	clock_gettime(CLOCK_MONOTONIC, &t0);
	vm_add_mem(vm, 5, 0x2000000, 4 * ps);
	clock_gettime(CLOCK_MONOTONIC, &t1);

	pthread_kill(thread, SIGUSR1);
	pthread_join(thread, NULL);
	ms = (t1.tv_sec - t0.tv_sec) * 1000 + (t1.tv_nsec - t0.tv_nsec) / 1000000;
	EXPECT(ms < 60000, "adding a memslot took %ld ms while a vCPU ran", ms);
	return KT_PASS;
}

static int slot_update_while_running(void)
{
	return slot_update_during(g_forever, g_forever_end);
}

/* ... nor for vCPUs that wait in idle */
static int slot_update_while_idle(void)
{
	return slot_update_during(g_idle_forever, g_idle_forever_end);
}

static const struct kt_case cases[] = {
	CASE(slot_update_while_running),
	CASE(slot_update_while_idle),
	CASE(dirty_log),
	CASE(dirty_log_enable),
	CASE(dirty_log_manual_protect),
	CASE(slot_delete),
	CASE(slot_move),
	CASE(host_guest_coherent),
	CASE(mmu_notifier_dontneed),
	CASE(mmu_notifier_remap),
	CASE(beyond_gpa_width),
	{ "huge_slot_delete", huge_slot_delete, 600 },
	{ "huge_slot_dirty_log", huge_slot_dirty_log, 600 },
	{ "slot_move_race", slot_move_race, 600 },
};

int main(void)
{
	ps = getpagesize();
	return kt_main("memory", cases, ARRAY_SIZE(cases), 1);
}
