/* SPDX-License-Identifier: GPL-2.0 */
#ifndef __ASM_LOONGARCH_KVM_TYPES_H
#define __ASM_LOONGARCH_KVM_TYPES_H

/* Enough page-table pages for one stage-2 mapping, all levels */
#define KVM_ARCH_NR_OBJS_PER_MEMORY_CACHE	4

#endif /* __ASM_LOONGARCH_KVM_TYPES_H */
