/*
 * The generated C helpers (examples/abi/include) against hand-written C doing Xen's checks, over
 * mixed streams of valid words like MixedStreamBenchmark's. Meant to run under
 * valgrind --tool=callgrind: every measured loop is a function of its own, so its inclusive cost in
 * the profile (with any part of a helper gcc splits out and calls) is its instruction count, and
 * an empty loop over the same arrays gives the harness's own share, to subtract. Exits 1 if a
 * generated and a hand-written loop disagree on a stream (both see the same valid words, so their
 * sums must match). The argument structs' validate (with every getter) and translators run the
 * same way over images packed at irregular offsets in one buffer, like StructStreamBenchmark's.
 *
 * gcc -O2 -std=c99 -Wall -Wextra -Werror -I examples/abi/include benchmarks/src/main/c/cbench.c
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "grant_table_op.h"
#include "hvm_op.h"
#include "memory_op.h"
#include "mmu_update.h"
#include "xen_mem_access_op.h"
#include "xen_memory_reservation.h"

#define N 16384 /* as Streams.BATCH */
#define EINVAL 22
#define ENOSYS 38
#define EOPNOTSUPP 95
/* Not inlined into main nor specialised for its arguments: each loop stays one function. */
#define MEASURED __attribute__((noinline, noclone))

/* ---- hand-written, as in Xen: literal shifts and masks, a switch on the op ---- */

/* do_memory_op: op = cmd & MEMOP_CMD_MASK, start_extent = cmd >> MEMOP_EXTENT_SHIFT. */
static inline int hand_memory_op_validate(uint64_t cmd)
{
    uint64_t start_extent = cmd >> 6;

    switch (cmd & 0x3f) {
    case 0: case 1: case 6: case 7: case 23: case 28: /* continue with start_extent */
    case 21:                                          /* access_op: start_iter = cmd & ~0x3f */
        return 0;
    case 2: case 3: case 4: case 5: case 11: case 15: case 24: case 26:
        return start_extent ? -EINVAL : 0;
    default:
        return -ENOSYS;
    }
}

/* compat_memory_op: the same on unsigned int. */
static inline int hand_memory_op_validate_compat(uint32_t cmd)
{
    return hand_memory_op_validate(cmd);
}

static inline int hand_memory_op_encode(uint64_t cmd, uint64_t start_extent, uint64_t start_iter,
                                        uint64_t extent_max, uint64_t iter_max, uint64_t *word)
{
    if (cmd > 0x3f || start_extent > extent_max || (start_iter & ~iter_max))
        return -EINVAL;
    switch (cmd) {
    case 0: case 1: case 6: case 7: case 23: case 28:
        if (start_iter)
            return -EINVAL;
        break;
    case 21:
        if (start_extent)
            return -EINVAL;
        break;
    case 2: case 3: case 4: case 5: case 11: case 15: case 24: case 26:
        if (start_extent | start_iter)
            return -EINVAL;
        break;
    default:
        return -ENOSYS;
    }
    *word = cmd | (start_extent << 6) | start_iter;
    return 0;
}

static inline int hand_memory_op_encode_native(uint64_t cmd, uint64_t start_extent, uint64_t start_iter,
                                               uint64_t *word)
{
    return hand_memory_op_encode(cmd, start_extent, start_iter, UINT64_MAX >> 6, ~UINT64_C(0x3f), word);
}

static inline int hand_memory_op_encode_compat(uint64_t cmd, uint64_t start_extent, uint64_t start_iter,
                                               uint32_t *word)
{
    uint64_t w;
    int rc = hand_memory_op_encode(cmd, start_extent, start_iter, UINT32_MAX >> 6, UINT32_C(0xffffffc0), &w);

    if (rc == 0)
        *word = (uint32_t) w;
    return rc;
}

/* do_hvm_op (4.9 on): the whole argument is the op; the ops that continued until 4.8 moved to
 * dm_op and are refused apart from unknown ones. */
static inline int hand_hvm_op_validate(uint64_t op)
{
    switch (op) {
    case 0: case 1: case 6:
        return 0;
    case 7: case 8:
        return -EOPNOTSUPP;
    default:
        return -ENOSYS;
    }
}

static inline int hand_hvm_op_encode(uint64_t op, uint64_t *word)
{
    switch (op) {
    case 0: case 1: case 6:
        *word = op;
        return 0;
    case 7: case 8:
        return -EOPNOTSUPP;
    default:
        return -ENOSYS;
    }
}

/* do_grant_table_op (4.21 on, x86): only cache_flush carried an opaque argument, and it is
 * ARM-only now. */
static inline int hand_grant_table_op_validate(uint64_t cmd)
{
    switch (cmd & 0xfff) {
    case 0: case 1: case 2: case 5:
        return (cmd & ~UINT64_C(0xfff)) ? -EINVAL : 0;
    case 12:
        return -EOPNOTSUPP;
    default:
        return -ENOSYS;
    }
}

static inline int hand_grant_table_op_encode(uint64_t cmd, uint64_t arg, uint64_t *word)
{
    switch (cmd) {
    case 0: case 1: case 2: case 5:
        if (arg)
            return -EINVAL;
        *word = cmd;
        return 0;
    case 12:
        return -EOPNOTSUPP;
    default:
        return -ENOSYS;
    }
}

/* mmu_update: count bits 0..30, MMU_UPDATE_PREEMPTED bit 31 of an unsigned int. */
static inline int hand_mmu_update_validate(uint64_t count)
{
    return (count >> 32) ? -EINVAL : 0;
}

static inline int hand_mmu_update_encode(uint64_t count, uint64_t preempted, uint64_t *word)
{
    if (count > 0x7fffffff || preempted > 1)
        return -EINVAL;
    *word = count | (preempted << 31);
    return 0;
}

static int failures;
static uint64_t sink;

/* ---- hand-written struct code, as in Xen: copy the guest's image into a struct, read its fields,
 * and translate field by field as XLAT_memory_reservation does. The images sit at any offset, so
 * the copies are memcpy; x86 is little-endian, so the fields need no byte swaps. ---- */

static inline int hand_mem_access_op_validate(const unsigned char *p, size_t len)
{
    if (len < sizeof(struct xen_mem_access_op))
        return ABILOCK_E_SHORT_IMAGE;
    switch (p[0]) {
    case 0: case 1: case 4: /* set_access, get_access, set_access_multi */
        return 0;
    default:
        return ABILOCK_E_UNKNOWN_OP;
    }
}

static inline uint64_t hand_mem_access_op_read(const unsigned char *p)
{
    struct xen_mem_access_op a;

    memcpy(&a, p, sizeof a);
    return (uint64_t) a.op + a.access + a.domid + a.nr + a.pfn;
}

static inline int hand_memory_reservation_validate(const unsigned char *p, size_t len)
{
    (void) p;
    return len < sizeof(struct xen_memory_reservation) ? ABILOCK_E_SHORT_IMAGE : 0;
}

static inline uint64_t hand_memory_reservation_read(const unsigned char *p)
{
    struct xen_memory_reservation r;

    memcpy(&r, p, sizeof r);
    return (uint64_t) r.extent_start + r.nr_extents + r.extent_order + r.mem_flags + r.domid;
}

static inline int hand_memory_reservation_compat_to_native(const void *src, size_t src_len, void *dst,
                                                          size_t dst_len)
{
    struct compat_xen_memory_reservation c;
    struct xen_memory_reservation n;

    if (src_len < sizeof c)
        return ABILOCK_E_SHORT_IMAGE;
    if (dst_len < sizeof n)
        return ABILOCK_E_SHORT_IMAGE;
    memcpy(&c, src, sizeof c);
    memset(&n, 0, sizeof n);
    n.extent_start = c.extent_start;
    n.nr_extents = c.nr_extents;
    n.extent_order = c.extent_order;
    n.mem_flags = c.mem_flags;
    n.domid = c.domid;
    memcpy(dst, &n, sizeof n);
    return 0;
}

static inline int hand_memory_reservation_native_to_compat(const void *src, size_t src_len, void *dst,
                                                          size_t dst_len)
{
    struct xen_memory_reservation n;
    struct compat_xen_memory_reservation c;

    if (src_len < sizeof n)
        return ABILOCK_E_SHORT_IMAGE;
    if (dst_len < sizeof c)
        return ABILOCK_E_SHORT_IMAGE;
    memcpy(&n, src, sizeof n);
    if (n.extent_start >> 32 || n.nr_extents >> 32)
        return ABILOCK_E_DOES_NOT_FIT;
    memset(&c, 0, sizeof c);
    c.extent_start = (uint32_t) n.extent_start;
    c.nr_extents = (uint32_t) n.nr_extents;
    c.extent_order = n.extent_order;
    c.mem_flags = n.mem_flags;
    c.domid = n.domid;
    memcpy(dst, &c, sizeof c);
    return 0;
}

static inline uint64_t gen_mem_access_op_read(const unsigned char *p)
{
    return xen_mem_access_op_op(p) + xen_mem_access_op_access(p) + xen_mem_access_op_domid(p) +
           xen_mem_access_op_nr(p) + xen_mem_access_op_pfn(p);
}

static inline uint64_t gen_memory_reservation_read(const unsigned char *p)
{
    return xen_memory_reservation_extent_start(p) + xen_memory_reservation_nr_extents(p) +
           xen_memory_reservation_extent_order(p) + xen_memory_reservation_mem_flags(p) +
           xen_memory_reservation_domid(p);
}

/* ---- the streams: seeded, like Streams.java (splitmix64, not SplittableRandom's sequence) ---- */

static uint64_t seed = 42;

static uint64_t next(void)
{
    uint64_t z = (seed += UINT64_C(0x9e3779b97f4a7c15));

    z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
    return z ^ (z >> 31);
}

/* Bits every word of a shape has (op code, flag), and the bits that may carry progress. */
struct shape {
    uint64_t fixed, progress;
};

/* A word of a random shape with progress of random magnitude. */
static uint64_t word_of(const struct shape *shapes, unsigned count)
{
    const struct shape *s = &shapes[next() % count];
    uint64_t progress = next() >> (next() % 64);

    return s->fixed | (progress & s->progress);
}

/* A stream and the fields of its words, encode's arguments. */
struct stream {
    uint64_t words[N];
    uint32_t compat[N];
    uint64_t a[N], b[N], c[N];
};

static struct stream memory, memory_compat, hvm, grant, mmu;

/* Struct images packed one after another with a gap of 0 to 15 bytes, so mostly unaligned: the
 * image i of kind[i] (0 mem_access_op, 1 memory_reservation) at buf + at[i], len[i] bytes to the
 * end of the buffer. */
struct images {
    unsigned char buf[N * 48];
    uint32_t at[N], len[N];
    unsigned char kind[N];
};

static struct images live, compat_res, fits_res;
static unsigned char scratch[64 * 32];

/* ---- the measured loops ---- */

#define VALIDATE_LOOP(name, array, validate, read)          \
    static MEASURED uint64_t name(const struct stream *s)   \
    {                                                       \
        uint64_t sum = 0;                                   \
        for (size_t i = 0; i < N; i++) {                    \
            if (validate(s->array[i]) != 0)                 \
                return UINT64_MAX;                          \
            sum += read(s->array[i]);                       \
        }                                                   \
        return sum;                                         \
    }

#define ENCODE_LOOP(name, type, call)                       \
    static MEASURED uint64_t name(const struct stream *s)   \
    {                                                       \
        uint64_t sum = 0;                                   \
        for (size_t i = 0; i < N; i++) {                    \
            type word;                                      \
            if (call != 0)                                  \
                return UINT64_MAX;                          \
            sum += word;                                    \
        }                                                   \
        return sum;                                         \
    }

#define GEN_MEMORY_READ(w) (memory_op_cmd(w) + memory_op_start_extent(w) + memory_op_start_iter(w))
#define HAND_MEMORY_READ(w) (((w) & 0x3f) + ((w) >> 6) + ((w) & ~UINT64_C(0x3f)))
#define GEN_HVM_READ(w) (hvm_op_op(w))
#define HAND_HVM_READ(w) ((w) & 0xff)
#define GEN_GRANT_READ(w) (grant_table_op_cmd(w) + grant_table_op_arg(w))
#define HAND_GRANT_READ(w) (((w) & 0xfff) + ((w) & UINT64_C(0xfffff000)))
#define GEN_MMU_READ(w) (mmu_update_count(w) + mmu_update_preempted(w))
#define HAND_MMU_READ(w) (((w) & 0x7fffffff) + (((w) >> 31) & 1))
/* The empty loops keep the measured loops' shape, a test and an exit that never happens, so
 * that they do not vectorise: the harness's share to subtract is load, test, add and count. */
#define NOTHING(w) (w)
#define NEVER64(w) ((w) == UINT64_MAX)
#define NEVER32(w) ((w) == UINT32_MAX)

/* Each pair X has its loops XGenerated and XHand, and XEmpty: the same loop doing no work. */
VALIDATE_LOOP(memoryOpValidateGenerated, words, memory_op_validate, GEN_MEMORY_READ)
VALIDATE_LOOP(memoryOpValidateHand, words, hand_memory_op_validate, HAND_MEMORY_READ)
VALIDATE_LOOP(memoryOpValidateEmpty, words, NEVER64, NOTHING)
VALIDATE_LOOP(memoryOpValidateCompatGenerated, compat, memory_op_validate_compat, GEN_MEMORY_READ)
VALIDATE_LOOP(memoryOpValidateCompatHand, compat, hand_memory_op_validate_compat, HAND_MEMORY_READ)
VALIDATE_LOOP(memoryOpValidateCompatEmpty, compat, NEVER32, NOTHING)
VALIDATE_LOOP(hvmOpValidateGenerated, words, hvm_op_validate, GEN_HVM_READ)
VALIDATE_LOOP(hvmOpValidateHand, words, hand_hvm_op_validate, HAND_HVM_READ)
VALIDATE_LOOP(hvmOpValidateEmpty, words, NEVER64, NOTHING)
VALIDATE_LOOP(grantTableOpValidateGenerated, words, grant_table_op_validate, GEN_GRANT_READ)
VALIDATE_LOOP(grantTableOpValidateHand, words, hand_grant_table_op_validate, HAND_GRANT_READ)
VALIDATE_LOOP(grantTableOpValidateEmpty, words, NEVER64, NOTHING)
VALIDATE_LOOP(mmuUpdateValidateGenerated, words, mmu_update_validate, GEN_MMU_READ)
VALIDATE_LOOP(mmuUpdateValidateHand, words, hand_mmu_update_validate, HAND_MMU_READ)
VALIDATE_LOOP(mmuUpdateValidateEmpty, words, NEVER64, NOTHING)

#define EMPTY3 (word = s->a[i] + s->b[i] + s->c[i], NEVER64(word))
#define EMPTY3_COMPAT (word = (uint32_t) (s->a[i] + s->b[i] + s->c[i]), NEVER32(word))
#define EMPTY2 (word = s->a[i] + s->b[i], NEVER64(word))
#define EMPTY1 (word = s->a[i], NEVER64(word))
ENCODE_LOOP(memoryOpEncodeGenerated, uint64_t, memory_op_encode(s->a[i], s->b[i], s->c[i], &word))
ENCODE_LOOP(memoryOpEncodeHand, uint64_t, hand_memory_op_encode_native(s->a[i], s->b[i], s->c[i], &word))
ENCODE_LOOP(memoryOpEncodeEmpty, uint64_t, EMPTY3)
ENCODE_LOOP(memoryOpEncodeCompatGenerated, uint32_t, memory_op_encode_compat(s->a[i], s->b[i], s->c[i], &word))
ENCODE_LOOP(memoryOpEncodeCompatHand, uint32_t, hand_memory_op_encode_compat(s->a[i], s->b[i], s->c[i], &word))
ENCODE_LOOP(memoryOpEncodeCompatEmpty, uint32_t, EMPTY3_COMPAT)
ENCODE_LOOP(hvmOpEncodeGenerated, uint64_t, hvm_op_encode(s->a[i], &word))
ENCODE_LOOP(hvmOpEncodeHand, uint64_t, hand_hvm_op_encode(s->a[i], &word))
ENCODE_LOOP(hvmOpEncodeEmpty, uint64_t, EMPTY1)
ENCODE_LOOP(grantTableOpEncodeGenerated, uint64_t, grant_table_op_encode(s->a[i], s->b[i], &word))
ENCODE_LOOP(grantTableOpEncodeHand, uint64_t, hand_grant_table_op_encode(s->a[i], s->b[i], &word))
ENCODE_LOOP(grantTableOpEncodeEmpty, uint64_t, EMPTY2)
ENCODE_LOOP(mmuUpdateEncodeGenerated, uint64_t, mmu_update_encode(s->a[i], s->b[i], &word))
ENCODE_LOOP(mmuUpdateEncodeHand, uint64_t, hand_mmu_update_encode(s->a[i], s->b[i], &word))
ENCODE_LOOP(mmuUpdateEncodeEmpty, uint64_t, EMPTY2)

/* Validate and read every member of each live image (mem_access_op or memory_reservation). */
#define IMAGE_LOOP(name, body)                              \
    static MEASURED uint64_t name(const struct images *m)   \
    {                                                       \
        uint64_t sum = 0;                                   \
        for (size_t i = 0; i < N; i++) {                    \
            const unsigned char *p = m->buf + m->at[i];     \
            size_t len = m->len[i];                         \
            body                                            \
        }                                                   \
        return sum;                                         \
    }

IMAGE_LOOP(structValidateGenerated,
           if (m->kind[i] == 0) {
               if (xen_mem_access_op_validate(p, len) != 0)
                   return UINT64_MAX;
               sum += gen_mem_access_op_read(p);
           } else {
               if (xen_memory_reservation_validate(p, len) != 0)
                   return UINT64_MAX;
               sum += gen_memory_reservation_read(p);
           })
IMAGE_LOOP(structValidateHand,
           if (m->kind[i] == 0) {
               if (hand_mem_access_op_validate(p, len) != 0)
                   return UINT64_MAX;
               sum += hand_mem_access_op_read(p);
           } else {
               if (hand_memory_reservation_validate(p, len) != 0)
                   return UINT64_MAX;
               sum += hand_memory_reservation_read(p);
           })
IMAGE_LOOP(structValidateEmpty,
           if (NEVER64(len))
               return UINT64_MAX;
           sum += p[m->kind[i]];)
/* Translate each image into one of 64 scratch images, and read a byte of it back. */
IMAGE_LOOP(structCompatToNativeGenerated,
           unsigned char *d = scratch + (i % 64) * 32;
           if (xen_memory_reservation_compat_to_native(p, len, d, 32) != 0)
               return UINT64_MAX;
           sum += d[i % 32];)
IMAGE_LOOP(structCompatToNativeHand,
           unsigned char *d = scratch + (i % 64) * 32;
           if (hand_memory_reservation_compat_to_native(p, len, d, 32) != 0)
               return UINT64_MAX;
           sum += d[i % 32];)
IMAGE_LOOP(structCompatToNativeEmpty,
           unsigned char *d = scratch + (i % 64) * 32;
           if (NEVER64(len))
               return UINT64_MAX;
           sum += d[i % 32] + p[0];)
IMAGE_LOOP(structNativeToCompatGenerated,
           unsigned char *d = scratch + (i % 64) * 20;
           if (xen_memory_reservation_native_to_compat(p, len, d, 20) != 0)
               return UINT64_MAX;
           sum += d[i % 20];)
IMAGE_LOOP(structNativeToCompatHand,
           unsigned char *d = scratch + (i % 64) * 20;
           if (hand_memory_reservation_native_to_compat(p, len, d, 20) != 0)
               return UINT64_MAX;
           sum += d[i % 20];)
IMAGE_LOOP(structNativeToCompatEmpty,
           unsigned char *d = scratch + (i % 64) * 20;
           if (NEVER64(len))
               return UINT64_MAX;
           sum += d[i % 20] + p[0];)

static void put_le(unsigned char *p, unsigned size, uint64_t v)
{
    for (unsigned i = 0; i < size; i++)
        p[i] = (unsigned char) (v >> (8 * i));
}

/* Values of random magnitude, as in the word streams. */
static uint64_t magnitude(void)
{
    uint64_t v = next();

    return v >> (next() % 64);
}

/* kinds: 0 mem_access_op, 1 native memory_reservation, 2 compat memory_reservation, 3 native
 * memory_reservation whose handle and count fit 32 bits. */
static void fill_images(struct images *m, const unsigned char *kinds, unsigned count)
{
    static const unsigned char sub_ops[] = {0, 1, 4};
    size_t next_at = 0;

    for (size_t i = 0; i < N; i++) {
        unsigned kind = kinds[next() % count];
        unsigned char *p;

        next_at += next() % 16;
        p = m->buf + next_at;
        m->at[i] = (uint32_t) next_at;
        m->kind[i] = kind == 0 ? 0 : 1;
        if (kind == 0) {
            p[0] = sub_ops[next() % 3];
            p[1] = (unsigned char) (next() % 10);
            put_le(p + 2, 2, next() % 0x7ff0);
            put_le(p + 4, 4, magnitude());
            put_le(p + 8, 8, magnitude());
            next_at += 16;
        } else if (kind == 2) {
            put_le(p, 4, magnitude() & ~UINT64_C(0xfff));
            put_le(p + 4, 4, magnitude());
            put_le(p + 8, 4, next() % 19);
            put_le(p + 12, 4, magnitude());
            put_le(p + 16, 2, next() % 0x7ff0);
            put_le(p + 18, 2, next());
            next_at += 20;
        } else {
            uint64_t mask = kind == 3 ? UINT32_MAX : UINT64_MAX;

            put_le(p, 8, magnitude() & mask & ~UINT64_C(0xfff));
            put_le(p + 8, 8, magnitude() & mask);
            put_le(p + 16, 4, next() % 19);
            put_le(p + 20, 4, magnitude());
            put_le(p + 24, 2, next() % 0x7ff0);
            put_le(p + 26, 6, next());
            next_at += 32;
        }
    }
    for (size_t i = 0; i < N; i++)
        m->len[i] = (uint32_t) (next_at - m->at[i]);
}

/* Runs a struct pair's three loops; the two that work must agree on the images. */
static void image_pair(const char *name, const struct images *m, uint64_t (*generated)(const struct images *),
                       uint64_t (*hand)(const struct images *), uint64_t (*empty)(const struct images *))
{
    uint64_t g = generated(m), h = hand(m);

    sink += empty(m);
    printf("pair %s\n", name);
    if (g != h || g == UINT64_MAX) {
        fprintf(stderr, "%s: generated and hand-written loops disagree\n", name);
        failures++;
    }
}

#define IMAGE_PAIR(name, images) image_pair(#name, images, name##Generated, name##Hand, name##Empty)

/* The hand-written struct code refuses what the generated code refuses, with the same code, and
 * translates to the same bytes: every sub-op byte, images one byte short or just long enough, and
 * translations of values on both sides of 32 bits, into a buffer one byte short or long enough. */
static void struct_refusals(void)
{
    unsigned char img[40], dg[40], dh[40];
    unsigned refused = 0;

    for (unsigned v = 0; v < 256; v++) {
        memset(img, (int) v, sizeof img);
        for (size_t len = 0; len <= 34; len++) {
            int g = xen_mem_access_op_validate(img, len), h = hand_mem_access_op_validate(img, len);
            int rg = xen_memory_reservation_validate(img, len), rh = hand_memory_reservation_validate(img, len);

            if (g != h || rg != rh) {
                fprintf(stderr, "struct validate: byte 0x%x, %zu bytes: generated %d/%d, by hand %d/%d\n", v, len,
                        g, rg, h, rh);
                failures++;
            }
            refused += h != 0;
        }
    }
    for (int k = 0; k < 4096; k++) {
        size_t src_len = 18 + next() % 16, dst_len = 18 + next() % 16;
        int g, h;

        for (size_t i = 0; i < sizeof img; i++)
            img[i] = (unsigned char) next();
        if (next() % 2) {
            put_le(img + 4, 4, 0); /* a native handle below 4 GiB */
            if (next() % 2)
                put_le(img + 12, 4, 0); /* and a count too */
        }
        memset(dg, 0x5a, sizeof dg);
        memset(dh, 0x5a, sizeof dh);
        g = xen_memory_reservation_native_to_compat(img, src_len, dg, dst_len);
        h = hand_memory_reservation_native_to_compat(img, src_len, dh, dst_len);
        if (g != h || memcmp(dg, dh, sizeof dg) != 0) {
            fprintf(stderr, "native_to_compat: generated %d, by hand %d, or the bytes differ\n", g, h);
            failures++;
        }
        refused += h != 0;
        memset(dg, 0x5a, sizeof dg);
        memset(dh, 0x5a, sizeof dh);
        g = xen_memory_reservation_compat_to_native(img, src_len, dg, dst_len);
        h = hand_memory_reservation_compat_to_native(img, src_len, dh, dst_len);
        if (g != h || memcmp(dg, dh, sizeof dg) != 0) {
            fprintf(stderr, "compat_to_native: generated %d, by hand %d, or the bytes differ\n", g, h);
            failures++;
        }
    }
    if (refused == 0) {
        fprintf(stderr, "structs: nothing refused\n");
        failures++;
    }
}

/* ---- main ---- */

static void fill(struct stream *s, const struct shape *shapes, unsigned count, uint64_t op_mask,
                 uint64_t shared_op, uint64_t progress_shift)
{
    for (size_t i = 0; i < N; i++) {
        uint64_t w = word_of(shapes, count);
        uint64_t op = w & op_mask;

        s->words[i] = w;
        s->compat[i] = (uint32_t) w;
        /* Encode's arguments: op, shifted progress, in-place progress (the op that keeps it so). */
        s->a[i] = op;
        s->b[i] = op == shared_op ? 0 : (w & ~op_mask) >> progress_shift;
        s->c[i] = op == shared_op ? w & ~op_mask : 0;
    }
}


/* Runs a pair's three loops; the two that work must agree on the stream. */
static void pair(const char *name, const struct stream *s, uint64_t (*generated)(const struct stream *),
                 uint64_t (*hand)(const struct stream *), uint64_t (*empty)(const struct stream *))
{
    uint64_t g = generated(s), h = hand(s);

    sink += empty(s); /* kept only so that nothing is optimised away */
    printf("pair %s\n", name);
    if (g != h || g == UINT64_MAX) {
        fprintf(stderr, "%s: generated and hand-written loops disagree\n", name);
        failures++;
    }
}

#define PAIR(name, stream) pair(#name, stream, name##Generated, name##Hand, name##Empty)

/* The hand-written validates refuse what the generated ones refuse: one with a check left out
 * would agree on every valid word, and look cheaper. Every op code up to past the largest, alone,
 * with one stray bit, and with every bit above the op. */
static void refusals(const char *name, int (*generated)(uint64_t), int (*hand)(uint64_t), uint64_t op_mask)
{
    unsigned refused = 0;

    for (uint64_t op = 0; op <= (op_mask < 64 ? op_mask : 64); op++) {
        for (int bit = -2; bit < 64; bit++) {
            uint64_t w = bit == -2 ? op : bit == -1 ? op | ~op_mask : op | UINT64_C(1) << bit;
            int g = generated(w) != 0, h = hand(w) != 0;

            if (g != h) {
                fprintf(stderr, "%s: word 0x%llx is %s by the generated validate, %s by hand\n", name,
                        (unsigned long long) w, g ? "refused" : "accepted", h ? "refused" : "accepted");
                failures++;
            }
            refused += h;
        }
    }
    if (refused == 0) {
        fprintf(stderr, "%s: no word refused\n", name);
        failures++;
    }
}

/* The compat validates take the 32-bit word: the same words, cut as a compat caller would. */
static int gen_memory_op_compat(uint64_t w) { return memory_op_validate_compat((uint32_t) w); }
static int hand_memory_op_compat(uint64_t w) { return hand_memory_op_validate_compat((uint32_t) w); }

int main(void)
{
#define OP(code, progress) { (code), (progress) }
    static const struct shape memory_shapes[] = {
        OP(0, MEMOP_EXTENT_MASK), OP(1, MEMOP_EXTENT_MASK), OP(6, MEMOP_EXTENT_MASK), OP(7, MEMOP_EXTENT_MASK),
        OP(23, MEMOP_EXTENT_MASK), OP(28, MEMOP_EXTENT_MASK), OP(21, MEMOP_START_ITER_MASK),
        OP(2, 0), OP(3, 0), OP(4, 0), OP(5, 0), OP(11, 0), OP(15, 0), OP(24, 0), OP(26, 0)};
    static const struct shape memory_compat_shapes[] = {
        OP(0, MEMOP_EXTENT_COMPAT_MASK), OP(1, MEMOP_EXTENT_COMPAT_MASK), OP(6, MEMOP_EXTENT_COMPAT_MASK),
        OP(7, MEMOP_EXTENT_COMPAT_MASK), OP(23, MEMOP_EXTENT_COMPAT_MASK), OP(28, MEMOP_EXTENT_COMPAT_MASK),
        OP(21, MEMOP_START_ITER_COMPAT_MASK),
        OP(2, 0), OP(3, 0), OP(4, 0), OP(5, 0), OP(11, 0), OP(15, 0), OP(24, 0), OP(26, 0)};
    /* hvm_op since 4.9: no op continues. */
    static const struct shape hvm_shapes[] = {OP(0, 0), OP(1, 0), OP(6, 0)};
    /* grant_table_op on x86 since 4.21: cache_flush, the op that continued, is retired. */
    static const struct shape grant_shapes[] = {OP(0, 0), OP(1, 0), OP(2, 0), OP(5, 0)};
    static const struct shape mmu_shapes[] = {
        OP(0, MMU_UPDATE_COUNT_MASK), OP(MMU_UPDATE_PREEMPTED_MASK, MMU_UPDATE_COUNT_MASK)};
#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

    fill(&memory, memory_shapes, COUNT(memory_shapes), 0x3f, 21, 6);
    fill(&memory_compat, memory_compat_shapes, COUNT(memory_compat_shapes), 0x3f, 21, 6);
    fill(&hvm, hvm_shapes, COUNT(hvm_shapes), 0xff, UINT64_MAX, 0);
    fill(&grant, grant_shapes, COUNT(grant_shapes), 0xfff, UINT64_MAX, 0);
    /* mmu_update has no op: the count, then the flag. */
    fill(&mmu, mmu_shapes, COUNT(mmu_shapes), 0x7fffffff, UINT64_MAX, 31);

    refusals("memory_op", memory_op_validate, hand_memory_op_validate, 0x3f);
    refusals("memory_op compat", gen_memory_op_compat, hand_memory_op_compat, 0x3f);
    refusals("hvm_op", hvm_op_validate, hand_hvm_op_validate, 0xff);
    refusals("grant_table_op", grant_table_op_validate, hand_grant_table_op_validate, 0xfff);
    refusals("mmu_update", mmu_update_validate, hand_mmu_update_validate, 0);
    {
        static const unsigned char live_kinds[] = {0, 1}, compat_kinds[] = {2}, fits_kinds[] = {3};

        fill_images(&live, live_kinds, 2);
        fill_images(&compat_res, compat_kinds, 1);
        fill_images(&fits_res, fits_kinds, 1);
    }
    struct_refusals();
    printf("words %d\n", N);
    PAIR(memoryOpValidate, &memory);
    PAIR(memoryOpValidateCompat, &memory_compat);
    PAIR(hvmOpValidate, &hvm);
    PAIR(grantTableOpValidate, &grant);
    PAIR(mmuUpdateValidate, &mmu);
    PAIR(memoryOpEncode, &memory);
    PAIR(memoryOpEncodeCompat, &memory_compat);
    PAIR(hvmOpEncode, &hvm);
    PAIR(grantTableOpEncode, &grant);
    PAIR(mmuUpdateEncode, &mmu);
    IMAGE_PAIR(structValidate, &live);
    IMAGE_PAIR(structCompatToNative, &compat_res);
    IMAGE_PAIR(structNativeToCompat, &fits_res);
    printf("sink %llu\n", (unsigned long long) sink);
    return failures ? 1 : 0;
}
