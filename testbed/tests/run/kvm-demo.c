// SPDX-License-Identifier: GPL-2.0
/*
 * The main job of the testbed: run a KVM guest on the emulated LVZ host.
 *
 * The guest is a few instructions that write a message, a byte at a
 * time, to a pretend UART at guest physical address 0x1fe001e0 (MMIO:
 * nothing backs it), ask the guest timer for an interrupt, wait for it
 * with idle, and leave with a hypercall. This program plays the VMM:
 * it prints what the guest writes, says how the guest ended, and fails
 * unless the guest wrote the whole message once and ended that way.
 */
#include "../kvm/kvm-util.h"

#define UART_GPA	0x1fe001e0
#define MSG_GPA		0x4000

static const char message[] =
	"Hello from a LoongArch KVM guest, on the emulated LVZ host.\n";

/*
 * a0: the message; a1: the UART. The timer interrupt arrives at
 * EENTRY (the code at 0x100), which reports to the host.
 */
GUEST(demo_guest,
	"li.d $a0, " STR(MSG_GPA) "\n"
	"li.d $a1, " STR(UART_GPA) "\n"
	"1: ld.bu $t0, $a0, 0\n"
	"beqz $t0, 2f\n"
	"st.b $t0, $a1, 0\n"
	"addi.d $a0, $a0, 1\n"
	"b 1b\n"
	/* A one-shot timer of 100000 ticks (1 ms), taken at EENTRY */
	"2: li.d $t0, 0x100\n"
	"csrwr $t0, 0xc\n"
	"li.d $t0, 1 << 11\n"
	"csrwr $t0, 0x4\n"
	"li.d $t0, (100000 << 2) | 1\n"
	"csrwr $t0, 0x41\n"
	/* Interrupts on, staying in direct-address mode (CRMD.DA) */
	"li.d $t0, (1 << 3) | (1 << 2)\n"
	"csrwr $t0, 0x0\n"
	"3: idle 0\n"
	"b 3b\n"
	".org 0x100\n"
	"csrrd $a1, 0x5\n"
	"ori $a0, $zero, " STR(MARK_INT) "\n"
	HVCL(HC_USER));

int main(void)
{
	struct kvm_run *run;
	struct vcpu *v;
	struct vm *vm;
	int writes = 0;

	if (kvm_dev() < 0) {
		printf("kvm-demo: no /dev/kvm\n");
		return 1;
	}
	vm = vm_std(demo_guest, demo_guest_end);
	memcpy(gpa_ptr(vm, MSG_GPA), message, sizeof(message));
	v = vcpu_new(vm, 0);

	printf("kvm-demo: running the guest; its UART output follows\n");
	for (;;) {
		if (ioctl(v->fd, KVM_RUN, 0) < 0) {
			printf("kvm-demo: KVM_RUN: %s\n", strerror(errno));
			return 1;
		}
		run = v->run;
		if (run->exit_reason == KVM_EXIT_MMIO &&
		    run->mmio.phys_addr == UART_GPA && run->mmio.is_write) {
			putchar(run->mmio.data[0]);
			writes++;
			continue;
		}
		if (run->exit_reason == KVM_EXIT_HYPERCALL &&
		    run->hypercall.args[0] == MARK_INT) {
			printf("kvm-demo: %d bytes written; the guest took its "
			       "timer interrupt (ESTAT 0x%llx) and left with "
			       "hvcl\n", writes,
			       (unsigned long long)run->hypercall.args[1]);
			return writes == sizeof(message) - 1 ? 0 : 1;
		}
		printf("kvm-demo: unexpected exit: %s\n", exit_str(v));
		return 1;
	}
}
