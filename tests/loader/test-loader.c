/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * Tests of the object loader (lib/bpf-object.c).
 *
 *   test-loader OBJDIR
 *
 * OBJDIR holds the objects mk/loader.mk compiled with clang: the examples
 * and the sources of tests/loader/objs, tests/loader/oko and
 * tests/loader/bad.
 *
 * 1. Good objects: the image of each program is compared with the object
 *    file read independently (raw section bytes through libelf): every
 *    instruction is the compiler's, except the relocated ones, whose new
 *    src_reg/imm must name the expected map or helper.  Map tables, names,
 *    read-only data and licenses are checked against the sources.
 * 2. Bad objects (tests/loader/bad): each fails with its errno and a
 *    message containing a precise phrase.
 * 3. Malformed objects: a good object is truncated at every length and
 *    patched field by field (machine, class, section bounds, symbols,
 *    relocations); each must fail with a precise message.  Then thousands of
 *    seeded random corruptions must never crash (build with ASan/UBSan).
 * 4. Regression inputs (tests/loader/regress, given as further arguments):
 *    inputs the fuzzer found crashing; they must now be handled.
 */
#include "bpf-object.h"

#include <errno.h>
#include <gelf.h>
#include <libelf.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *objdir;
static int n_failures;
static int n_checks;

#define CHECK(cond, ...)                                            \
    do {                                                            \
        n_checks++;                                                 \
        if (!(cond)) {                                              \
            n_failures++;                                           \
            fprintf(stderr, "%s:%d: check failed: %s: ", __FILE__,  \
                    __LINE__, #cond);                               \
            fprintf(stderr, __VA_ARGS__);                           \
            fputc('\n', stderr);                                    \
        }                                                           \
    } while (0)

static char *
obj_path(const char *name)
{
    char *path;

    if (asprintf(&path, "%s/%s.o", objdir, name) < 0) {
        abort();
    }
    return path;
}

static void *
read_whole(const char *name, size_t *sizep)
{
    char *path = obj_path(name);
    FILE *f = fopen(path, "rb");
    void *buf;
    long size;

    if (!f) {
        fprintf(stderr, "%s: cannot open\n", path);
        exit(1);
    }
    fseek(f, 0, SEEK_END);
    size = ftell(f);
    rewind(f);
    buf = malloc(size);
    if (!buf || fread(buf, 1, size, f) != (size_t) size) {
        abort();
    }
    fclose(f);
    free(path);
    *sizep = size;
    return buf;
}

/* ------------------------------------------------- independent reading -- */

/* Raw bytes of function 'func' (or of the whole section 'sec' when 'func'
 * is NULL), read with libelf without going through the loader. */
static struct bpf_insn *
raw_insns(const void *buf, size_t size, const char *sec, const char *func,
          size_t *np)
{
    Elf *elf = elf_memory((char *) buf, size);
    size_t shstrndx, n_secs, sec_idx = 0;
    struct bpf_insn *out = NULL;
    Elf_Data *code = NULL;
    uint64_t off = 0, len = 0;

    elf_getshdrstrndx(elf, &shstrndx);
    elf_getshdrnum(elf, &n_secs);
    for (size_t i = 1; i < n_secs; i++) {
        Elf_Scn *scn = elf_getscn(elf, i);
        GElf_Shdr sh;

        gelf_getshdr(scn, &sh);
        if (!strcmp(elf_strptr(elf, shstrndx, sh.sh_name), sec)) {
            sec_idx = i;
            code = elf_getdata(scn, NULL);
            len = sh.sh_size;
        }
    }
    for (size_t i = 1; func && i < n_secs; i++) {
        Elf_Scn *scn = elf_getscn(elf, i);
        GElf_Shdr sh;

        gelf_getshdr(scn, &sh);
        if (sh.sh_type == SHT_SYMTAB) {
            Elf_Data *d = elf_getdata(scn, NULL);

            for (size_t k = 0; k < sh.sh_size / sh.sh_entsize; k++) {
                GElf_Sym sym;

                gelf_getsym(d, k, &sym);
                if (sym.st_shndx == sec_idx
                    && !strcmp(elf_strptr(elf, sh.sh_link, sym.st_name),
                               func)) {
                    off = sym.st_value;
                    len = sym.st_size;
                }
            }
        }
    }
    if (code && len) {
        out = malloc(len);
        memcpy(out, (char *) code->d_buf + off, len);
    }
    *np = len / sizeof(struct bpf_insn);
    elf_end(elf);
    return out;
}

/* ------------------------------------------------------- good objects -- */

struct exp_map {
    const char *name;
    uint32_t type, key_size, value_size, max_entries, nb_hash, flags;
};

/* One relocated instruction, in program order: a map reference
 * ('map' >= 0, 'src' 1 or 2, 'off' for src 2) or a helper call
 * ('helper' > 0). */
struct exp_ref {
    int map;
    int src;
    int off;
    int helper;
};

#define MAX_MAPS 8
#define MAX_REFS 16

struct good_case {
    const char *file;               /* object, without .o */
    const char *select;             /* --prog argument, or NULL */
    const char *prog;               /* expected program name */
    const char *section;            /* expected section */
    const char *license;            /* expected license or NULL */
    struct exp_map maps[MAX_MAPS];  /* expected map table */
    int n_refs;                     /* -1: do not check the sequence */
    struct exp_ref refs[MAX_REFS];  /* expected relocated insns */
    uint32_t helpers;               /* bit per helper called (always) */
    const char *rodata;             /* expected .rodata map content */
    size_t rodata_len;              /* its size */
};

#define MAP_REF(m) { .map = (m), .src = 1 }
#define RO_REF(m, o) { .map = (m), .src = 2, .off = (o) }
#define CALL(h) { .map = -1, .helper = (h) }
#define H(n) (1u << (n))
#define LIC "Dual BSD/GPL"

static const struct good_case good_cases[] = {
    { "stateless-firewall", NULL, "entry", ".text", LIC,
      { { "lookup_table", 4, 4, 4, 1024, 0, 0 } },
      2, { MAP_REF(0), CALL(1) }, H(1) },
    { "rate-limiter", NULL, "entry", ".text", LIC,
      { { "buckets", 4, 4, 16, 4096, 0, 0 }, { "config", 1, 4, 16, 1, 0, 0 } },
      -1, { { 0 } }, H(1) | H(2) | H(5) },
    { "stateful-firewall", NULL, "entry", ".text", LIC,
      { { "inside", 1, 4, 8, 1, 0, 0 }, { "conns", 4, 16, 8, 8192, 0, 0 } },
      -1, { { 0 } }, H(1) | H(2) | H(3) },
    { "p0f", NULL, "entry", ".text", LIC,
      { { "signatures", 4, 8, 4, 1024, 0, 0 },
        { "hosts", 4, 4, 4, 65536, 0, 0 } },
      4, { MAP_REF(0), CALL(1), MAP_REF(1), CALL(2) }, H(1) | H(2) },
    { "dapper", NULL, "entry", ".text", LIC,
      { { "flows", 4, 16, 56, 16384, 0, 0 } },
      -1, { { 0 } }, H(1) | H(2) | H(5) },
    { "dapper-g", NULL, "entry", ".text", LIC,       /* -g -mcpu=v3 */
      { { "flows", 4, 16, 56, 16384, 0, 0 } },
      -1, { { 0 } }, H(1) | H(2) | H(5) },
    { "heavy-hitters", NULL, "entry", ".text", LIC,
      { { "config", 1, 4, 4, 1, 0, 0 }, { "sketch", 3, 4, 4, 2048, 4, 0 } },
      6, { MAP_REF(0), CALL(1), MAP_REF(1), CALL(4), MAP_REF(1), CALL(1) },
      H(1) | H(4) },
    { "blocklist", NULL, "entry", ".text", LIC,
      { { "banned", 2, 4, 0, 65536, 3, 0 } },
      4, { MAP_REF(0), CALL(1), MAP_REF(0), CALL(4) }, H(1) | H(4) },
    /* Two static maps reached through the section symbol + addend. */
    { "two-static-maps", NULL, "prog", ".text", NULL,
      { { "a", 4, 4, 8, 16, 0, 0 }, { "b", 1, 4, 4, 8, 0, 1 } },
      4, { MAP_REF(1), CALL(1), MAP_REF(0), CALL(1) }, H(1) },
    /* extern helpers by name (R_BPF_64_32), .rodata as a read-only map. */
    { "extern-helpers", NULL, "prog", ".text", "GPL",
      { { "m", 4, 4, 4, 64, 0, 0 }, { ".rodata", 1, 4, 7, 1, 0, 1 } },
      6, { CALL(6), CALL(5), RO_REF(1, 0), CALL(7), MAP_REF(0), CALL(1) },
      H(1) | H(5) | H(6) | H(7), "len %d", 7 },
    /* sluice_trace(): two format strings, one map, two offsets. */
    { "trace", NULL, "prog", ".text", NULL,
      { { ".rodata", 1, 4, 11, 1, 0, 1 } },
      3, { RO_REF(0, 0), RO_REF(0, 5), CALL(7) }, H(7),
      "a=%d\0b=%u\n", 11 },
    /* Several programs: default is the first in file order (.text). */
    { "multi-prog", NULL, "third", ".text", NULL,
      { { "shared", 1, 4, 8, 4, 0, 0 } }, 0, { { 0 } }, 0 },
    { "multi-prog", "fourth", "fourth", ".text", NULL,
      { { "shared", 1, 4, 8, 4, 0, 0 } }, 2, { MAP_REF(0), CALL(1) }, H(1) },
    { "multi-prog", "filter/first", "first", "filter/first", NULL,
      { { "shared", 1, 4, 8, 4, 0, 0 } }, 0, { { 0 } }, 0 },
    { "multi-prog", "second", "second", "filter/second", NULL,
      { { "shared", 1, 4, 8, 4, 0, 0 } }, 2, { MAP_REF(0), CALL(1) }, H(1) },
    /* Oko style: glibc headers, .data maps, function-pointer helpers. */
    { "oko-firewall", NULL, "entry", ".text", NULL,
      { { "blocked", 4, 4, 4, 256, 0, 0 }, { "counters", 1, 4, 8, 2, 0, 0 } },
      6, { MAP_REF(0), CALL(1), MAP_REF(1), CALL(1), MAP_REF(1), CALL(2) },
      H(1) | H(2) },
    /* Oko's sketch definitions, bloom filter with key_size 0. */
    { "oko-syn-guard", NULL, "entry", ".text", NULL,
      { { "syn_counts", 3, 4, 4, 1024, 3, 0 },
        { "banned", 2, 0, 4, 1024, 3, 0 } },
      -1, { { 0 } }, H(1) | H(4) },
    { "oko-inverted-check", NULL, "entry", ".text", NULL,
      { { NULL } }, 0, { { 0 } }, 0 },
};

static void
test_good(const struct good_case *c)
{
    struct sbpf_object *obj;
    struct sbpf_image img;
    struct bpf_insn *raw;
    size_t size, n_raw, idx;
    char *err;
    void *buf;
    int error, n_maps = 0, n_refs = 0;
    uint32_t helpers = 0;

    buf = read_whole(c->file, &size);
    error = sbpf_object_open_mem(buf, size, c->file, &obj, &err);
    CHECK(!error, "%s: %s", c->file, err);
    if (error) {
        free(err);
        free(buf);
        return;
    }
    error = sbpf_object_find_prog(obj, c->select, &idx, &err);
    CHECK(!error, "%s: %s", c->file, err);
    if (error) {
        free(err);
        goto out;
    }
    sbpf_object_get_image(obj, idx, &img);
    CHECK(!strcmp(img.name, c->prog), "%s: program '%s', expected '%s'",
          c->file, img.name, c->prog);
    CHECK(!strcmp(sbpf_object_prog_section(obj, idx), c->section),
          "%s: section '%s'", c->file, sbpf_object_prog_section(obj, idx));
    CHECK(c->license ? img.license && !strcmp(img.license, c->license)
                     : !img.license, "%s: license '%s'", c->file,
          img.license ? img.license : "(none)");

    /* Map table. */
    while (n_maps < MAX_MAPS && c->maps[n_maps].name) {
        n_maps++;
    }
    CHECK(img.n_maps == (uint32_t) n_maps, "%s: %u maps, expected %d",
          c->file, img.n_maps, n_maps);
    for (int i = 0; i < n_maps && i < (int) img.n_maps; i++) {
        const struct exp_map *e = &c->maps[i];
        const struct sbpf_map_def *d = &img.maps[i];

        CHECK(!strcmp(d->name, e->name) && d->type == e->type
              && d->key_size == e->key_size
              && d->value_size == e->value_size
              && d->max_entries == e->max_entries
              && d->nb_hash_functions == e->nb_hash && d->flags == e->flags,
              "%s: map %d is %s type %u key %u value %u max %u hash %u "
              "flags %u, expected %s", c->file, i, d->name, d->type,
              d->key_size, d->value_size, d->max_entries,
              d->nb_hash_functions, d->flags, e->name);
        if (d->flags & SBPF_F_RDONLY_PROG && !strncmp(d->name, ".rodata", 7)) {
            CHECK(c->rodata && d->value_size == c->rodata_len
                  && img.init_data && img.init_data[i]
                  && !memcmp(img.init_data[i], c->rodata, c->rodata_len),
                  "%s: .rodata content", c->file);
        } else {
            CHECK(!img.init_data || !img.init_data[i],
                  "%s: map %d has initial data", c->file, i);
        }
    }

    /* Instructions: the compiler's, except relocated ones. */
    raw = raw_insns(buf, size, c->section,
                    strchr(c->section, '/') || strcmp(c->prog, c->section)
                    ? c->prog : NULL, &n_raw);
    CHECK(raw && n_raw == img.n_insns, "%s: %u insns, object has %zu",
          c->file, img.n_insns, n_raw);
    for (uint32_t i = 0; raw && i < img.n_insns && i < n_raw; i++) {
        const struct bpf_insn *a = &img.insns[i], *r = &raw[i];

        if (a->code == (BPF_LD | BPF_IMM | BPF_DW) && a->src_reg) {
            const struct exp_ref *e = &c->refs[n_refs];

            CHECK(a->src_reg == 1 || a->src_reg == 2, "%s: insn %u src %u",
                  c->file, i, a->src_reg);
            CHECK(a->imm >= 0 && (uint32_t) a->imm < img.n_maps,
                  "%s: insn %u refers to map %d", c->file, i, a->imm);
            CHECK(a->dst_reg == r->dst_reg && a->off == r->off
                  && a[1].code == 0, "%s: insn %u changed beyond src/imm",
                  c->file, i);
            if (c->n_refs >= 0 && n_refs < c->n_refs) {
                CHECK(e->map == a->imm && e->src == a->src_reg
                      && (e->src != 2 || e->off == a[1].imm),
                      "%s: insn %u: map %d src %d off %d, expected map %d "
                      "src %d off %d", c->file, i, a->imm, a->src_reg,
                      a[1].imm, e->map, e->src, e->off);
            }
            n_refs++;
            i++;
        } else if (a->code == (BPF_JMP | BPF_CALL)) {
            const struct exp_ref *e = &c->refs[n_refs];

            CHECK(a->src_reg == 0 && a->imm > 0 && a->imm < 8,
                  "%s: insn %u: call src %u imm %d", c->file, i, a->src_reg,
                  a->imm);
            helpers |= 1u << (a->imm & 31);
            if (c->n_refs >= 0 && n_refs < c->n_refs) {
                CHECK(e->helper == a->imm, "%s: insn %u: call %d, expected "
                      "%d", c->file, i, a->imm, e->helper);
            }
            n_refs++;
        } else {
            CHECK(!memcmp(a, r, sizeof *a), "%s: insn %u differs from the "
                  "object", c->file, i);
        }
    }
    if (c->n_refs >= 0) {
        CHECK(n_refs == c->n_refs, "%s: %d relocated insns, expected %d",
              c->file, n_refs, c->n_refs);
    }
    CHECK(helpers == c->helpers, "%s: helpers %#x, expected %#x", c->file,
          helpers, c->helpers);
    free(raw);
out:
    sbpf_object_close(obj);
    free(buf);
}

static void
test_prog_selection(void)
{
    struct sbpf_object *obj;
    char *path = obj_path("multi-prog");
    size_t idx;
    char *err;
    int error;

    error = sbpf_object_open_file(path, &obj, &err);
    CHECK(!error, "%s", err);
    if (error) {
        free(path);
        return;
    }
    CHECK(sbpf_object_n_progs(obj) == 4, "%zu programs",
          sbpf_object_n_progs(obj));
    error = sbpf_object_find_prog(obj, "fifth", &idx, &err);
    CHECK(error == ENOENT && err
          && strstr(err, "no program 'fifth'")
          && strstr(err, "first (filter/first)"),
          "error %d '%s'", error, err ? err : "");
    free(err);
    sbpf_object_close(obj);
    free(path);

    error = sbpf_object_open_file("/nonexistent/x.o", &obj, &err);
    CHECK(error == ENOENT && err && strstr(err, "cannot read"),
          "error %d '%s'", error, err ? err : "");
    free(err);
    error = sbpf_object_open_file("/", &obj, &err);
    CHECK(error && err && strstr(err, "not a regular file"),
          "error %d '%s'", error, err ? err : "");
    free(err);
}

/* -------------------------------------------------------- bad objects -- */

struct bad_case {
    const char *file;       /* tests/loader/bad/FILE.c */
    int error;              /* expected errno */
    const char *msg;        /* expected in the message */
};

static const struct bad_case bad_cases[] = {
    { "bss-global", EINVAL, "global variables are not supported" },
    { "data-global", EINVAL, "'.data' symbol 'limit' (4 bytes) is not a map" },
    { "bpf2bpf", EINVAL, "call to function 'helper_fn'" },
    { "unknown-helper", EINVAL,
      "'.text'+0: call to unknown helper 'bpf_get_prandom_u32'" },
    { "extern-map", EINVAL, "unresolved symbol 'elsewhere'" },
    { "btf-maps", EINVAL, "BTF-style map definitions are not supported" },
    { "bad-map-type", EINVAL, "map 'm' (section 'maps'): unknown type 9" },
    { "no-prog", ENOENT, "no program" },
    { "oko-firewall-O0", EINVAL, "'.data' symbol 'ubpf_map_lookup' (8 "
      "bytes) is not a map definition" },
    { "long-name", ENAMETOOLONG, "is too long (38 bytes, at most 31)" },
};

static void
expect_failure(const void *buf, size_t size, const char *what, int exp_error,
               const char *msg)
{
    struct sbpf_object *obj;
    char *err;
    int error;

    error = sbpf_object_open_mem(buf, size, what, &obj, &err);
    CHECK(error && !obj && err, "%s: loaded, expected failure", what);
    if (exp_error) {
        CHECK(error == exp_error, "%s: error %d, expected %d (%s)", what,
              error, exp_error, err ? err : "");
    }
    if (msg) {
        CHECK(err && strstr(err, msg), "%s: message '%s', expected '%s'",
              what, err ? err : "", msg);
    }
    free(err);
    if (!error) {
        sbpf_object_close(obj);
    }
}

static void
test_bad(const struct bad_case *c)
{
    size_t size;
    void *buf = read_whole(c->file, &size);

    expect_failure(buf, size, c->file, c->error, c->msg);
    free(buf);
}

/* --------------------------------------------------- malformed objects -- */

/* Locations inside an object, found with libelf. */
struct layout {
    uint64_t shoff;             /* section header table offset */
    size_t text, maps, symtab, reltext;     /* section indexes */
    uint64_t symtab_off;        /* file offset of the symbol table */
    uint64_t rel_off;           /* file offset of .rel.text */
    size_t sym_b;               /* index of symbol 'b' */
};

static struct layout
find_layout(const void *buf, size_t size)
{
    Elf *elf = elf_memory((char *) buf, size);
    struct layout lo = { 0 };
    size_t shstrndx, n_secs;
    GElf_Ehdr eh;

    gelf_getehdr(elf, &eh);
    lo.shoff = eh.e_shoff;
    elf_getshdrstrndx(elf, &shstrndx);
    elf_getshdrnum(elf, &n_secs);
    for (size_t i = 1; i < n_secs; i++) {
        GElf_Shdr sh;
        const char *name;

        gelf_getshdr(elf_getscn(elf, i), &sh);
        name = elf_strptr(elf, shstrndx, sh.sh_name);
        if (!strcmp(name, ".text")) {
            lo.text = i;
        } else if (!strcmp(name, "maps")) {
            lo.maps = i;
        } else if (!strcmp(name, ".rel.text")) {
            lo.reltext = i;
            lo.rel_off = sh.sh_offset;
        } else if (sh.sh_type == SHT_SYMTAB) {
            Elf_Data *d = elf_getdata(elf_getscn(elf, i), NULL);

            lo.symtab = i;
            lo.symtab_off = sh.sh_offset;
            for (size_t k = 0; k < sh.sh_size / sizeof(Elf64_Sym); k++) {
                GElf_Sym sym;

                gelf_getsym(d, k, &sym);
                if (!strcmp(elf_strptr(elf, sh.sh_link, sym.st_name), "b")) {
                    lo.sym_b = k;
                }
            }
        }
    }
    elf_end(elf);
    return lo;
}

static void
poke(uint8_t *buf, uint64_t off, uint64_t value, size_t width)
{
    memcpy(buf + off, &value, width);   /* little-endian host */
}

#define SHDR(lo, idx, field) \
    ((lo).shoff + (idx) * sizeof(Elf64_Shdr) + offsetof(Elf64_Shdr, field))
#define SYM(lo, idx, field) \
    ((lo).symtab_off + (idx) * sizeof(Elf64_Sym) + offsetof(Elf64_Sym, field))
#define REL(lo, idx, field) \
    ((lo).rel_off + (idx) * sizeof(Elf64_Rel) + offsetof(Elf64_Rel, field))

struct patch {
    const char *what;
    int error;
    const char *msg;
};

static void
test_malformed(void)
{
    size_t size;
    uint8_t *orig = read_whole("two-static-maps", &size);
    uint8_t *buf = malloc(size);
    struct layout lo = find_layout(orig, size);
    struct sbpf_object *obj;
    char *err;
    int error;

    CHECK(lo.text && lo.maps && lo.symtab && lo.reltext && lo.sym_b,
          "layout of two-static-maps.o not found");

    /* Every truncation fails cleanly. */
    for (size_t len = 0; len < size; len++) {
        char what[64];

        snprintf(what, sizeof what, "truncated to %zu bytes", len);
        expect_failure(orig, len, what, 0, NULL);
    }

    /* One field at a time. */
#define PATCHED(WHAT, ERROR, MSG, OFF, VALUE, WIDTH)                    \
    do {                                                                \
        memcpy(buf, orig, size);                                        \
        poke(buf, (OFF), (VALUE), (WIDTH));                             \
        expect_failure(buf, size, WHAT, ERROR, MSG);                    \
    } while (0)

    PATCHED("bad magic", EINVAL, "not an ELF file", 1, 'X', 1);
    PATCHED("32-bit", EINVAL, "not a 64-bit ELF file", EI_CLASS,
            ELFCLASS32, 1);
    PATCHED("big-endian", EINVAL, "not a little-endian object", EI_DATA,
            ELFDATA2MSB, 1);
    PATCHED("x86-64 machine", EINVAL, "wrong machine 62 in ELF header",
            offsetof(Elf64_Ehdr, e_machine), EM_X86_64, 2);
    PATCHED("executable", EINVAL, "is not a relocatable object",
            offsetof(Elf64_Ehdr, e_type), ET_EXEC, 2);
    PATCHED("section table past the end", EINVAL, NULL,
            offsetof(Elf64_Ehdr, e_shoff), size - 8, 8);
    PATCHED("bad section string table index", EINVAL, NULL,
            offsetof(Elf64_Ehdr, e_shstrndx), 0x7000, 2);
    PATCHED(".text past the end", EINVAL, "section '.text' (2) extends past "
            "the end of the file", SHDR(lo, lo.text, sh_offset), size, 8);
    PATCHED("huge .text", EINVAL, "extends past the end of the file",
            SHDR(lo, lo.text, sh_size), UINT64_MAX - 7, 8);
    PATCHED("odd .text size", EINVAL, "is not a multiple of 8",
            SHDR(lo, lo.text, sh_size), 12, 8);
    PATCHED("stripped", EINVAL, "no symbol table",
            SHDR(lo, lo.symtab, sh_type), SHT_PROGBITS, 4);
    PATCHED("bad symbol size", EINVAL, "bad entry size",
            SHDR(lo, lo.symtab, sh_entsize), 16, 8);
    PATCHED("bad string table link", EINVAL, "bad string table index",
            SHDR(lo, lo.symtab, sh_link), 999, 4);
    PATCHED("overlapping maps", EINVAL, "map 'a' (offset 0, size 24) "
            "overlaps 'b' (offset 4)", SYM(lo, lo.sym_b, st_value), 4, 8);
    PATCHED("map outside its section", EINVAL, "map 'b' (offset 24, size "
            "4096) lies outside the section", SYM(lo, lo.sym_b, st_size),
            4096, 8);
    PATCHED("map symbol in no section", EINVAL, "section index 900 out of "
            "range", SYM(lo, lo.sym_b, st_shndx), 900, 2);
    PATCHED("map too small", EINVAL, "map 'b' has size 8, expected 20",
            SYM(lo, lo.sym_b, st_size), 8, 8);
    PATCHED("bad symbol name", EINVAL, "bad name offset",
            SYM(lo, lo.sym_b, st_name), 0x7fffffff, 4);
    PATCHED("relocation type", EINVAL, ".rel.text: unsupported relocation "
            "type R_BPF_64_ABS64 (2) against 'maps' at '.text'+0x20",
            REL(lo, 0, r_info), 2 /* R_BPF_64_ABS64 */, 4);
    PATCHED("relocation misaligned", EINVAL, "is not on an instruction "
            "boundary", REL(lo, 0, r_offset), 0x24, 8);
    PATCHED("relocation on a non-load", EINVAL, "is not on a 64-bit "
            "immediate load (opcode 0xb7)", REL(lo, 0, r_offset), 0, 8);
    PATCHED("relocation outside the section", EINVAL, "lies outside section "
            "'.text'", REL(lo, 0, r_offset), 0x100000, 8);
    PATCHED("relocation symbol out of range", EINVAL, "out of range",
            REL(lo, 0, r_info) + 4, 5000, 4);
    /* The addend of the first map load points 4 bytes into map 'b'. */
    memcpy(buf, orig, size);
    {
        uint64_t r_off;
        uint64_t text_off;
        Elf64_Shdr sh;

        memcpy(&r_off, orig + REL(lo, 0, r_offset), 8);
        memcpy(&sh, orig + lo.shoff + lo.text * sizeof sh, sizeof sh);
        text_off = sh.sh_offset;
        poke(buf, text_off + r_off + offsetof(struct bpf_insn, imm), 28, 4);
        expect_failure(buf, size, "reference into a map", EINVAL,
                       "'maps'+28 is not the start of a map definition");
    }

    /* Random corruption: never a crash, always a message on failure. */
    unsigned long long x = 0x9e3779b97f4a7c15ULL;
    int n_ok = 0;
    for (int iter = 0; iter < 20000; iter++) {
        int n_flips = 1 + iter % 4;

        memcpy(buf, orig, size);
        for (int k = 0; k < n_flips; k++) {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            buf[(x >> 8) % size] ^= 1u << (x & 7);
        }
        error = sbpf_object_open_mem(buf, size, "fuzz", &obj, &err);
        CHECK(error ? err != NULL && obj == NULL : obj != NULL,
              "iteration %d: inconsistent result", iter);
        if (!error) {
            n_ok++;
            sbpf_object_close(obj);
        }
        free(err);
    }
    printf("random corruption: 20000 objects, %d still loaded\n", n_ok);
    free(buf);
    free(orig);
}

int
main(int argc, char *argv[])
{
    if (argc < 2) {
        fprintf(stderr, "usage: %s OBJDIR [REGRESSION-INPUT...]\n",
                argv[0]);
        return 2;
    }
    objdir = argv[1];
    elf_version(EV_CURRENT);

    for (size_t i = 0; i < sizeof good_cases / sizeof good_cases[0]; i++) {
        test_good(&good_cases[i]);
    }
    test_prog_selection();
    for (size_t i = 0; i < sizeof bad_cases / sizeof bad_cases[0]; i++) {
        test_bad(&bad_cases[i]);
    }
    test_malformed();

    /* Inputs that once crashed the loader (found by fuzz-loader): they
     * must load or fail with a message, under the sanitizers. */
    for (int i = 2; i < argc; i++) {
        FILE *f = fopen(argv[i], "rb");
        static uint8_t buf[1 << 20];
        struct sbpf_object *obj;
        size_t size;
        char *err;

        CHECK(f != NULL, "%s: cannot open", argv[i]);
        if (!f) {
            continue;
        }
        size = fread(buf, 1, sizeof buf, f);
        fclose(f);
        if (sbpf_object_open_mem(buf, size, argv[i], &obj, &err)) {
            CHECK(err != NULL, "%s: failure without a message", argv[i]);
            free(err);
        } else {
            sbpf_object_close(obj);
        }
    }

    printf("test-loader: %d checks, %d failures\n", n_checks, n_failures);
    return n_failures ? 1 : 0;
}
