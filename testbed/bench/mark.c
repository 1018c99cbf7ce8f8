/*
 * Instruction-count marks for make bench: a TCG plugin for the testbed.
 *
 * Counts every instruction that the emulated machine executes, exactly,
 * and logs the running total of all CPUs each time one of them executes
 * a mark: the no-op "andi $zero, $zero, N" with N from 1 to 4095. (The
 * canonical no-op is N = 0; compilers emit nothing else that writes
 * $zero.) A benchmark brackets what it measures with two marks; the
 * difference of the two totals is what the whole machine executed in
 * between, its kernel and every other program included.
 *
 * Log lines (QEMU's -d plugin -D FILE): "mark N TOTAL KERNEL HOST" for
 * each mark executed, in order, and "insns: TOTAL" when QEMU exits.
 * KERNEL is the part of TOTAL executed at addresses with bit 63 set: the
 * LoongArch kernel's (its direct-mapped windows and its module area),
 * whether the host's or a guest's; user programs and the KVM selftests'
 * guests run at low addresses. HOST is the part of KERNEL that is the
 * testbed host's: code in the module area, and code in a direct-mapped
 * window whose physical address is its virtual address's low 48 bits in
 * the RAM that the first kernel code ran from (the host's image). A
 * guest's kernel runs from the pages that stage 2 gave it, elsewhere
 * (a guest kernel with modules would count them as the host's).
 *
 * With the argument "profile=on", also where the instructions between a
 * mark 1 and the next mark 2 went: at exit, "pc VADDR COUNT" for every
 * translation block that ran there (VADDR its start, in whatever CPU
 * mode and process it ran; COUNT the instructions executed in it), but
 * a guest kernel's, whose addresses are those of the host's own.
 * bench.sh --profile turns these into functions.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <glib.h>
#include <qemu-plugin.h>

QEMU_PLUGIN_EXPORT int qemu_plugin_version = QEMU_PLUGIN_VERSION;

/* andi rd, rj, ui12 with rd = rj = $zero: opcode 0x00d in bits 31..22 */
#define MARK_MASK   0xffc003ffu
#define MARK_MATCH  0x03400000u
#define MARK_N(w)   (((w) >> 10) & 0xfff)

static qemu_plugin_u64 count;
static qemu_plugin_u64 kernel;
static qemu_plugin_u64 host;

/* Host RAM address minus physical address of the host kernel's image */
static uint64_t host_base;
static bool have_host_base;
static GMutex host_base_lock;

/* profile=on: the instructions of each block, between marks 1 and 2 */
struct block {
    uint64_t vaddr;
    uint64_t insns;
    uint64_t count;
};

static bool profile;
static bool inside;
static GHashTable *blocks;  /* (vaddr, insns) -> struct block */
static GMutex blocks_lock;

static void mark_exec(unsigned int vcpu_index, void *udata)
{
    unsigned int n = GPOINTER_TO_UINT(udata);
    char line[64];

    snprintf(line, sizeof(line),
             "mark %u %" PRIu64 " %" PRIu64 " %" PRIu64 "\n", n,
             qemu_plugin_u64_sum(count), qemu_plugin_u64_sum(kernel),
             qemu_plugin_u64_sum(host));
    qemu_plugin_outs(line);
    if (n == 1 || n == 2) {
        inside = n == 1;
    }
}

static void block_exec(unsigned int vcpu_index, void *udata)
{
    struct block *b = udata;

    if (inside) {
        __atomic_add_fetch(&b->count, b->insns, __ATOMIC_RELAXED);
    }
}

/* The record of a block: one per start and length, kept across flushes */
static struct block *block_of(uint64_t vaddr, uint64_t insns)
{
    uint64_t key = vaddr ^ (insns << 56);
    struct block *b;

    g_mutex_lock(&blocks_lock);
    b = g_hash_table_lookup(blocks, &key);
    if (!b) {
        b = g_new0(struct block, 1);
        b->vaddr = vaddr;
        b->insns = insns;
        g_hash_table_insert(blocks, g_memdup2(&key, sizeof(key)), b);
    }
    g_mutex_unlock(&blocks_lock);
    return b;
}

/* Whether a block at @vaddr (bit 63 set) is the host kernel's */
static bool is_host(uint64_t vaddr, struct qemu_plugin_tb *tb)
{
    uint64_t base;
    bool same;

    /* Not a direct-mapped window (VA[63:60] 8 or 9): the module area */
    if ((vaddr >> 60) != 8 && (vaddr >> 60) != 9) {
        return true;
    }
    base = (uint64_t)(uintptr_t)qemu_plugin_insn_haddr(
               qemu_plugin_tb_get_insn(tb, 0)) - (vaddr & ((1ULL << 48) - 1));
    g_mutex_lock(&host_base_lock);
    if (!have_host_base) {
        host_base = base;
        have_host_base = true;
    }
    same = base == host_base;
    g_mutex_unlock(&host_base_lock);
    return same;
}

static void tb_trans(qemu_plugin_id_t id, struct qemu_plugin_tb *tb)
{
    size_t i, n = qemu_plugin_tb_n_insns(tb);
    uint64_t vaddr = qemu_plugin_tb_vaddr(tb);
    bool high = vaddr >> 63;
    bool in_host = high && n && is_host(vaddr, tb);

    if (profile && (!high || in_host)) {
        qemu_plugin_register_vcpu_tb_exec_cb(
            tb, block_exec, QEMU_PLUGIN_CB_NO_REGS,
            block_of(vaddr, n));
    }
    for (i = 0; i < n; i++) {
        struct qemu_plugin_insn *insn = qemu_plugin_tb_get_insn(tb, i);
        uint32_t word = 0;

        qemu_plugin_register_vcpu_insn_exec_inline_per_vcpu(
            insn, QEMU_PLUGIN_INLINE_ADD_U64, count, 1);
        if (high) {
            qemu_plugin_register_vcpu_insn_exec_inline_per_vcpu(
                insn, QEMU_PLUGIN_INLINE_ADD_U64, kernel, 1);
        }
        if (in_host) {
            qemu_plugin_register_vcpu_insn_exec_inline_per_vcpu(
                insn, QEMU_PLUGIN_INLINE_ADD_U64, host, 1);
        }
        if (qemu_plugin_insn_size(insn) != sizeof(word) ||
            qemu_plugin_insn_data(insn, &word, sizeof(word)) != sizeof(word)) {
            continue;
        }
        word = GUINT32_FROM_LE(word);
        if ((word & MARK_MASK) == MARK_MATCH && MARK_N(word)) {
            qemu_plugin_register_vcpu_insn_exec_cb(
                insn, mark_exec, QEMU_PLUGIN_CB_NO_REGS,
                GUINT_TO_POINTER(MARK_N(word)));
        }
    }
}

static void print_block(gpointer key, gpointer value, gpointer data)
{
    struct block *b = value;
    char line[64];

    if (b->count) {
        snprintf(line, sizeof(line), "pc %" PRIx64 " %" PRIu64 "\n",
                 b->vaddr, b->count);
        qemu_plugin_outs(line);
    }
}

static void plugin_exit(qemu_plugin_id_t id, void *p)
{
    char line[64];

    if (profile) {
        g_hash_table_foreach(blocks, print_block, NULL);
    }
    snprintf(line, sizeof(line), "insns: %" PRIu64 "\n",
             qemu_plugin_u64_sum(count));
    qemu_plugin_outs(line);
    qemu_plugin_scoreboard_free(count.score);
    qemu_plugin_scoreboard_free(kernel.score);
    qemu_plugin_scoreboard_free(host.score);
}

QEMU_PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id,
                                           const qemu_info_t *info,
                                           int argc, char **argv)
{
    for (int i = 0; i < argc; i++) {
        if (!strcmp(argv[i], "profile=on")) {
            profile = true;
        } else {
            fprintf(stderr, "mark: unknown argument %s\n", argv[i]);
            return -1;
        }
    }
    count = qemu_plugin_scoreboard_u64(
        qemu_plugin_scoreboard_new(sizeof(uint64_t)));
    kernel = qemu_plugin_scoreboard_u64(
        qemu_plugin_scoreboard_new(sizeof(uint64_t)));
    host = qemu_plugin_scoreboard_u64(
        qemu_plugin_scoreboard_new(sizeof(uint64_t)));
    blocks = g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free,
                                   g_free);
    qemu_plugin_register_vcpu_tb_trans_cb(id, tb_trans);
    qemu_plugin_register_atexit_cb(id, plugin_exit, NULL);
    return 0;
}
