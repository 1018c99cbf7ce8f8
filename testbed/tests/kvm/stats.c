// SPDX-License-Identifier: GPL-2.0
/*
 * Binary statistics (KVM_GET_STATS_FD): the backend counts exits by
 * class. A guest that runs cpucfg once, stores to MMIO once and leaves by
 * hvcl once moves each of those counters by exactly one.
 */
#include "kvm-util.h"

GUEST(g_three_exits,
	"cpucfg $t0, $zero\n"
	"li.d $t1, " STR(MMIO_GPA) "\n"
	"st.d $t0, $t1, 0\n"
	G_DONE);

struct stats {
	int fd;
	struct kvm_stats_header hdr;
	char *descs;
	size_t desc_size;
};

static void stats_open(struct stats *s, int vcpu_fd)
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

static u64 stat_value(struct stats *s, const char *name)
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

static const struct kt_case cases[] = {
	{ "exit_counters", exit_counters, 0 },
};

KT_MAIN("stats", cases)
