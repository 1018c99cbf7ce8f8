// SPDX-License-Identifier: GPL-2.0
/*
 * Runs first: make /dev/kvm available. If it is missing and kvm.ko is in
 * /lib/modules, load it (and its dependencies from modules.dep) with
 * finit_module; pass when /dev/kvm opens and answers KVM_GET_API_VERSION.
 */
#include "kvm-util.h"

static int load(void)
{
	char err[512];
	int r;

	if (!access("/dev/kvm", F_OK)) {
		printf("# /dev/kvm present before loading (%s)\n",
		       kvm_builtin() ? "built in" : "module already loaded");
		return KT_PASS;
	}
	if (!kvm_module_dir())
		fail("no /dev/kvm and no /lib/modules/*/" KVM_KO_REL);
	r = load_kvm_module(err, sizeof(err));
	EXPECT(!r, "%s", err);
	EXPECT(wait_dev_kvm(1, 5000),
	       "kvm.ko loaded but no /dev/kvm after 5 s");
	return KT_PASS;
}

static int open_dev(void)
{
	int fd = open("/dev/kvm", O_RDWR | O_CLOEXEC);

	EXPECT(fd >= 0, "open /dev/kvm: %m");
	close(fd);
	return KT_PASS;
}

static int api_version(void)
{
	int fd = open("/dev/kvm", O_RDWR | O_CLOEXEC), r;

	EXPECT(fd >= 0, "open /dev/kvm: %m");
	r = ioctl(fd, KVM_GET_API_VERSION, 0);
	EXPECT(r == KVM_API_VERSION, "KVM_GET_API_VERSION %d (%m), expected %d",
	       r, KVM_API_VERSION);
	close(fd);
	return KT_PASS;
}

static const struct kt_case cases[] = {
	{ "load", load, 0 },
	{ "open", open_dev, 0 },
	{ "api_version", api_version, 0 },
};

int main(void)
{
	return kt_main("00-module", cases, ARRAY_SIZE(cases), 0);
}
