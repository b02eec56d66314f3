/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * The libelf object loader.  See bpf-object.h for what an object may
 * contain.
 *
 * The loader trusts nothing in the file: every offset, size, index and
 * count read from the ELF headers is checked against the file before use,
 * and every problem becomes an error message naming the section (and the
 * offset and relocation type, for relocations) rather than a crash.  The
 * libFuzzer target tests/loader/fuzz-loader.c exercises this.
 *
 * Loading happens in one pass over a private copy of the file:
 *   1. ELF header: 64-bit, little-endian, EM_BPF, relocatable.
 *   2. Sections: bounds, classification (code, maps, .data, .rodata,
 *      license, symbol table).
 *   3. Symbols: map definitions and programs, sorted by position, checked
 *      for overlaps.
 *   4. Maps: definitions decoded and checked; read-only data appended.
 *   5. Programs: instructions copied and relocated, then every
 *      instruction that needs a relocation is checked to have had one.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE 1           /* asprintf(), also where built without it. */
#endif
#include "bpf-object.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <gelf.h>
#include <libelf.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef EM_BPF
#define EM_BPF 247
#endif

/* ELF relocation types of the BPF target (LLVM's ELFRelocs/BPF.def). */
#define R_BPF_NONE          0
#define R_BPF_64_64         1
#define R_BPF_64_ABS64      2
#define R_BPF_64_ABS32      3
#define R_BPF_64_NODYLD32   4
#define R_BPF_64_32         10

#define INSN_SIZE sizeof(struct bpf_insn)

/* Size of Oko's map definition: five 32-bit words. */
#define OKO_MAP_DEF_SIZE 20

/* A program of the object. */
struct object_prog {
    char name[SBPF_NAME_LEN];   /* Function (or section) name. */
    char *section;              /* Name of its code section. */
    size_t sec_idx;             /* ELF index of that section. */
    uint64_t offset;            /* Byte offset of the code in the section. */
    struct bpf_insn *insns;     /* Relocated instructions (owned). */
    uint32_t n_insns;           /* Number of instructions. */
};

struct sbpf_object {
    char *license;              /* "license" section content, or NULL. */
    struct sbpf_map_def *maps;  /* Map definitions, 'n_maps' of them. */
    void **init_data;           /* Per map: initial content or NULL. */
    uint32_t n_maps;            /* Number of maps, .rodata maps included. */
    struct object_prog *progs;  /* Programs, in file order. */
    size_t n_progs;             /* Number of programs. */
};

/* What the loader makes of a section. */
enum sec_kind {
    SEC_OTHER,                  /* Ignored unless something refers to it. */
    SEC_CODE,                   /* Executable: holds programs. */
    SEC_MAPS,                   /* "maps": map definitions. */
    SEC_OKO_DATA,               /* ".data": Oko-style map definitions. */
    SEC_RODATA,                 /* ".rodata*": read-only data map. */
    SEC_LICENSE,                /* "license": NUL-terminated string. */
};

/* One section, as seen by the loader. */
struct loader_sec {
    const char *name;           /* Name, from the section string table. */
    GElf_Shdr shdr;             /* Header. */
    enum sec_kind kind;         /* Classification. */
    const uint8_t *data;        /* Content, or NULL if empty or NOBITS. */
    int64_t rodata_map;         /* SEC_RODATA: its map index, or -1. */
};

/* A symbol that defines a map or a program. */
struct loader_sym {
    const char *name;           /* Symbol name. */
    size_t sec_idx;             /* ELF section index. */
    uint64_t offset;            /* st_value: offset in the section. */
    uint64_t size;              /* st_size. */
};

/* State of one load. */
struct loader {
    const char *file;           /* Object name, for messages. */
    uint8_t *buf;               /* Private copy of the file. */
    size_t size;                /* Its size. */
    Elf *elf;                   /* libelf handle over 'buf'. */
    size_t n_secs;              /* Number of sections. */
    struct loader_sec *secs;    /* Sections, indexed like the file's. */
    size_t symtab_idx;          /* Index of the symbol table section. */
    Elf_Data *symdata;          /* Symbol table content. */
    size_t n_syms;              /* Number of symbols. */
    struct loader_sym *map_syms;    /* Map definitions, in map order. */
    size_t n_map_syms;              /* Their number. */
    struct loader_sym *prog_syms;   /* Programs, in file order. */
    size_t n_prog_syms;             /* Their number. */
    struct sbpf_object *obj;    /* Object being built. */
    char *err;                  /* First error message. */
};

/* Helper names accepted for "extern" helper declarations, by number. */
static const char *const helper_names[][3] = {
    [1] = { "sbpf_map_lookup", "ubpf_map_lookup", NULL },
    [2] = { "sbpf_map_update", "ubpf_map_update", NULL },
    [3] = { "sbpf_map_delete", "ubpf_map_delete", NULL },
    [4] = { "sbpf_map_add", "ubpf_map_add", NULL },
    [5] = { "sbpf_time_get_ns", "ubpf_time_get_ns", NULL },
    [6] = { "sbpf_hash", "ubpf_hash", NULL },
    [7] = { "sbpf_trace", "ubpf_printf", NULL },
};
#define N_HELPERS (sizeof helper_names / sizeof helper_names[0])

/* Returns the canonical name of helper 'id', or NULL if there is none. */
const char *
sbpf_helper_name(uint32_t id)
{
    return id < N_HELPERS ? helper_names[id][0] : NULL;
}

static uint32_t
helper_by_name(const char *name)
{
    for (uint32_t id = 1; id < N_HELPERS; id++) {
        for (int i = 0; i < 3 && helper_names[id][i]; i++) {
            if (!strcmp(name, helper_names[id][i])) {
                return id;
            }
        }
    }
    return 0;
}

/* Records the first error of a load; later ones are dropped.  Always
 * returns 'error' so that callers can "return fail(...)". */
static int __attribute__((format(printf, 3, 4)))
fail(struct loader *l, int error, const char *format, ...)
{
    if (!l->err) {
        char *msg = NULL;
        va_list args;

        va_start(args, format);
        if (vasprintf(&msg, format, args) < 0) {
            msg = NULL;
        }
        va_end(args);
        if (!msg || asprintf(&l->err, "%s: %s", l->file, msg) < 0) {
            l->err = NULL;
        }
        free(msg);
    }
    return error;
}

static const char *
reloc_type_name(uint32_t type)
{
    switch (type) {
    case R_BPF_NONE: return "R_BPF_NONE";
    case R_BPF_64_64: return "R_BPF_64_64";
    case R_BPF_64_ABS64: return "R_BPF_64_ABS64";
    case R_BPF_64_ABS32: return "R_BPF_64_ABS32";
    case R_BPF_64_NODYLD32: return "R_BPF_64_NODYLD32";
    case R_BPF_64_32: return "R_BPF_64_32";
    default: return "unknown";
    }
}

/* Reads symbol 'idx' into '*sym' and its name into '*namep' (a section
 * symbol is named after its section).  The symbol's section index is
 * checked. */
static int
get_sym(struct loader *l, size_t idx, GElf_Sym *sym, const char **namep)
{
    const char *name;

    if (idx >= l->n_syms || !gelf_getsym(l->symdata, idx, sym)) {
        return fail(l, EINVAL, "symbol %zu out of range (%zu symbols)",
                    idx, l->n_syms);
    }
    if (sym->st_shndx == SHN_XINDEX) {
        return fail(l, EINVAL, "symbol %zu: extended section indexes are "
                    "not supported", idx);
    }
    if (sym->st_shndx != SHN_UNDEF && sym->st_shndx < SHN_LORESERVE
        && sym->st_shndx >= l->n_secs) {
        return fail(l, EINVAL, "symbol %zu: section index %u out of range",
                    idx, sym->st_shndx);
    }
    if (GELF_ST_TYPE(sym->st_info) == STT_SECTION
        && sym->st_shndx != SHN_UNDEF && sym->st_shndx < l->n_secs) {
        name = l->secs[sym->st_shndx].name;
    } else {
        name = elf_strptr(l->elf, l->secs[l->symtab_idx].shdr.sh_link,
                          sym->st_name);
        if (!name) {
            return fail(l, EINVAL, "symbol %zu: bad name offset %u",
                        idx, sym->st_name);
        }
    }
    *namep = name;
    return 0;
}

static int
check_header(struct loader *l)
{
    GElf_Ehdr ehdr;

    if (l->size < EI_NIDENT || memcmp(l->buf, ELFMAG, SELFMAG)) {
        return fail(l, EINVAL, "not an ELF file");
    }
    if (l->buf[EI_CLASS] != ELFCLASS64) {
        return fail(l, EINVAL, "not a 64-bit ELF file (class %u); compile "
                    "with clang -target bpf", l->buf[EI_CLASS]);
    }
    if (l->buf[EI_DATA] != ELFDATA2LSB) {
        return fail(l, EINVAL, "not a little-endian object (ELF data "
                    "encoding %u); compile with -target bpf or bpfel, not "
                    "bpfeb", l->buf[EI_DATA]);
    }
    l->elf = elf_memory((char *) l->buf, l->size);
    if (!l->elf || elf_kind(l->elf) != ELF_K_ELF) {
        return fail(l, EINVAL, "libelf cannot read the file: %s",
                    elf_errmsg(-1));
    }
    if (!gelf_getehdr(l->elf, &ehdr)) {
        return fail(l, EINVAL, "truncated or bad ELF header: %s",
                    elf_errmsg(-1));
    }
    if (ehdr.e_machine != EM_BPF) {
        return fail(l, EINVAL, "wrong machine %u in ELF header, expected "
                    "BPF (%u); compile with clang -target bpf",
                    ehdr.e_machine, EM_BPF);
    }
    if (ehdr.e_type != ET_REL) {
        return fail(l, EINVAL, "ELF type %u is not a relocatable object "
                    "(ET_REL); compile with clang -c", ehdr.e_type);
    }
    return 0;
}

static bool
starts_with(const char *s, const char *prefix)
{
    return !strncmp(s, prefix, strlen(prefix));
}

static int
read_sections(struct loader *l)
{
    size_t shstrndx;
    bool have_symtab = false;

    if (elf_getshdrnum(l->elf, &l->n_secs)
        || elf_getshdrstrndx(l->elf, &shstrndx)) {
        return fail(l, EINVAL, "bad section header table: %s",
                    elf_errmsg(-1));
    }
    if (!l->n_secs) {
        return fail(l, EINVAL, "no sections");
    }
    l->secs = calloc(l->n_secs, sizeof *l->secs);
    if (!l->secs) {
        return fail(l, ENOMEM, "out of memory");
    }

    for (size_t i = 1; i < l->n_secs; i++) {
        struct loader_sec *s = &l->secs[i];
        Elf_Scn *scn = elf_getscn(l->elf, i);
        GElf_Shdr *sh = &s->shdr;

        s->rodata_map = -1;
        if (!scn || !gelf_getshdr(scn, sh)) {
            return fail(l, EINVAL, "section %zu: bad header: %s", i,
                        elf_errmsg(-1));
        }
        s->name = elf_strptr(l->elf, shstrndx, sh->sh_name);
        if (!s->name) {
            return fail(l, EINVAL, "section %zu: bad name offset %u", i,
                        sh->sh_name);
        }
        if (sh->sh_type != SHT_NOBITS
            && (sh->sh_offset > l->size
                || sh->sh_size > l->size - sh->sh_offset)) {
            return fail(l, EINVAL, "section '%s' (%zu) extends past the end "
                        "of the file (offset %"PRIu64", size %"PRIu64", "
                        "file size %zu): truncated object?", s->name, i,
                        (uint64_t) sh->sh_offset, (uint64_t) sh->sh_size,
                        l->size);
        }
        if (sh->sh_type != SHT_NOBITS && sh->sh_size) {
            Elf_Data *d = elf_getdata(scn, NULL);

            if (!d || d->d_size != sh->sh_size || !d->d_buf) {
                return fail(l, EINVAL, "section '%s': cannot read content: "
                            "%s", s->name, elf_errmsg(-1));
            }
            s->data = d->d_buf;
        }

        if (sh->sh_type == SHT_SYMTAB) {
            if (have_symtab) {
                return fail(l, EINVAL, "more than one symbol table");
            }
            have_symtab = true;
            l->symtab_idx = i;
            if (sh->sh_entsize != sizeof(Elf64_Sym)
                || sh->sh_size % sizeof(Elf64_Sym)) {
                return fail(l, EINVAL, "symbol table '%s': bad entry size "
                            "%"PRIu64" or size %"PRIu64, s->name,
                            (uint64_t) sh->sh_entsize,
                            (uint64_t) sh->sh_size);
            }
            if (sh->sh_link == 0 || sh->sh_link >= l->n_secs) {
                return fail(l, EINVAL, "symbol table '%s': bad string "
                            "table index %u", s->name, sh->sh_link);
            }
            l->symdata = elf_getdata(scn, NULL);
            l->n_syms = sh->sh_size / sizeof(Elf64_Sym);
            if (!l->symdata && l->n_syms) {
                return fail(l, EINVAL, "symbol table: %s", elf_errmsg(-1));
            }
        } else if (!strcmp(s->name, ".maps")) {
            return fail(l, EINVAL, "section '.maps': BTF-style map "
                        "definitions are not supported; define maps with "
                        "SLUICE_MAP() from sluice_bpf.h (section \"maps\")");
        } else if (sh->sh_type == SHT_PROGBITS
                   && (sh->sh_flags & SHF_EXECINSTR)) {
            s->kind = SEC_CODE;
            if (sh->sh_size % INSN_SIZE) {
                return fail(l, EINVAL, "code section '%s': size %"PRIu64
                            " is not a multiple of %zu", s->name,
                            (uint64_t) sh->sh_size, INSN_SIZE);
            }
        } else if (!strcmp(s->name, "maps") || starts_with(s->name, "maps/")
                   || !strcmp(s->name, ".data")) {
            s->kind = !strcmp(s->name, ".data") ? SEC_OKO_DATA : SEC_MAPS;
            if (sh->sh_type == SHT_NOBITS) {
                return fail(l, EINVAL, "section '%s' holds no data: map "
                            "definitions must be initialised", s->name);
            }
        } else if (!strcmp(s->name, ".rodata")
                   || starts_with(s->name, ".rodata.")) {
            s->kind = SEC_RODATA;
        } else if (!strcmp(s->name, "license")) {
            s->kind = SEC_LICENSE;
        }
    }
    if (!have_symtab) {
        return fail(l, EINVAL, "no symbol table (stripped object?)");
    }
    return 0;
}

static int
cmp_loader_sym(const void *a_, const void *b_)
{
    const struct loader_sym *a = a_, *b = b_;

    if (a->sec_idx != b->sec_idx) {
        return a->sec_idx < b->sec_idx ? -1 : 1;
    }
    return a->offset < b->offset ? -1 : a->offset > b->offset;
}

/* Sorts 'syms' by position and rejects overlaps. */
static int
sort_syms(struct loader *l, struct loader_sym *syms, size_t n,
          const char *what)
{
    qsort(syms, n, sizeof *syms, cmp_loader_sym);
    for (size_t i = 1; i < n; i++) {
        const struct loader_sym *a = &syms[i - 1], *b = &syms[i];

        if (a->sec_idx == b->sec_idx && b->offset < a->offset + a->size) {
            return fail(l, EINVAL, "section '%s': %s '%s' (offset "
                        "%"PRIu64", size %"PRIu64") overlaps '%s' (offset "
                        "%"PRIu64")", l->secs[a->sec_idx].name, what,
                        a->name, a->offset, a->size, b->name, b->offset);
        }
    }
    return 0;
}

static int
read_symbols(struct loader *l)
{
    /* A program per function symbol, plus one per code section that has
     * none. */
    l->map_syms = calloc(l->n_syms + 1, sizeof *l->map_syms);
    l->prog_syms = calloc(l->n_syms + l->n_secs, sizeof *l->prog_syms);
    if (!l->map_syms || !l->prog_syms) {
        return fail(l, ENOMEM, "out of memory");
    }

    for (size_t i = 1; i < l->n_syms; i++) {
        const struct loader_sec *s;
        struct loader_sym *ls;
        const char *name;
        GElf_Sym sym;
        int type, bind;
        int error;

        error = get_sym(l, i, &sym, &name);
        if (error) {
            return error;
        }
        if (sym.st_shndx == SHN_UNDEF || sym.st_shndx >= SHN_LORESERVE) {
            continue;
        }
        s = &l->secs[sym.st_shndx];
        type = GELF_ST_TYPE(sym.st_info);
        bind = GELF_ST_BIND(sym.st_info);

        if (s->kind == SEC_MAPS || s->kind == SEC_OKO_DATA) {
            if (type != STT_OBJECT && !(type == STT_NOTYPE && sym.st_size)) {
                continue;       /* Section and file symbols, labels. */
            }
            if (s->kind == SEC_OKO_DATA && sym.st_size != OKO_MAP_DEF_SIZE) {
                return fail(l, EINVAL, "'.data' symbol '%s' (%"PRIu64
                            " bytes) is not a map definition: maps in "
                            ".data are Oko's %d-byte definition; global "
                            "variables are not supported, use a map%s",
                            name, (uint64_t) sym.st_size, OKO_MAP_DEF_SIZE,
                            sym.st_size == 8
                            ? " (a helper declared as a function pointer "
                              "must be static and compiled with clang -O2)"
                            : "");
            }
            if (sym.st_size < OKO_MAP_DEF_SIZE || sym.st_size % 4) {
                return fail(l, EINVAL, "section '%s': map '%s' has size "
                            "%"PRIu64", expected %d or more, a multiple "
                            "of 4", s->name, name, (uint64_t) sym.st_size,
                            OKO_MAP_DEF_SIZE);
            }
            if (sym.st_value > s->shdr.sh_size
                || sym.st_size > s->shdr.sh_size - sym.st_value) {
                return fail(l, EINVAL, "section '%s': map '%s' (offset "
                            "%"PRIu64", size %"PRIu64") lies outside the "
                            "section (size %"PRIu64")", s->name, name,
                            (uint64_t) sym.st_value, (uint64_t) sym.st_size,
                            (uint64_t) s->shdr.sh_size);
            }
            ls = &l->map_syms[l->n_map_syms++];
        } else if (s->kind == SEC_CODE && type == STT_FUNC
                   && (bind == STB_GLOBAL || bind == STB_WEAK)) {
            if (sym.st_value % INSN_SIZE || sym.st_size % INSN_SIZE
                || !sym.st_size || sym.st_value > s->shdr.sh_size
                || sym.st_size > s->shdr.sh_size - sym.st_value) {
                return fail(l, EINVAL, "section '%s': function '%s' "
                            "(offset %"PRIu64", size %"PRIu64") is not a "
                            "whole number of instructions inside the "
                            "section (size %"PRIu64")", s->name, name,
                            (uint64_t) sym.st_value, (uint64_t) sym.st_size,
                            (uint64_t) s->shdr.sh_size);
            }
            if (l->n_prog_syms >= SBPF_OBJECT_MAX_PROGS) {
                return fail(l, E2BIG, "more than %d programs",
                            SBPF_OBJECT_MAX_PROGS);
            }
            ls = &l->prog_syms[l->n_prog_syms++];
        } else {
            continue;
        }
        ls->name = name;
        ls->sec_idx = sym.st_shndx;
        ls->offset = sym.st_value;
        ls->size = sym.st_size;
    }

    /* A code section without any global function (e.g. written in
     * assembly) is one program named after the section. */
    for (size_t i = 1; i < l->n_secs; i++) {
        const struct loader_sec *s = &l->secs[i];
        bool has_prog = false;

        if (s->kind != SEC_CODE || !s->shdr.sh_size) {
            continue;
        }
        for (size_t j = 0; j < l->n_prog_syms; j++) {
            has_prog |= l->prog_syms[j].sec_idx == i;
        }
        if (!has_prog) {
            struct loader_sym *ls;

            if (l->n_prog_syms >= SBPF_OBJECT_MAX_PROGS) {
                return fail(l, E2BIG, "more than %d programs",
                            SBPF_OBJECT_MAX_PROGS);
            }
            ls = &l->prog_syms[l->n_prog_syms++];
            ls->name = s->name;
            ls->sec_idx = i;
            ls->offset = 0;
            ls->size = s->shdr.sh_size;
        }
    }

    return (sort_syms(l, l->map_syms, l->n_map_syms, "map")
            || sort_syms(l, l->prog_syms, l->n_prog_syms, "function")
            ? EINVAL : 0);
}

static int
copy_name(struct loader *l, char *dst, const char *src, const char *what)
{
    size_t len = strlen(src);

    if (len >= SBPF_NAME_LEN) {
        return fail(l, ENAMETOOLONG, "%s name '%s' is too long (%zu bytes, "
                    "at most %d)", what, src, len, SBPF_NAME_LEN - 1);
    }
    memcpy(dst, src, len + 1);
    return 0;
}

static int
build_maps(struct loader *l)
{
    struct sbpf_object *obj = l->obj;
    size_t n_rodata = 0;
    size_t n_maps;

    for (size_t i = 1; i < l->n_secs; i++) {
        n_rodata += l->secs[i].kind == SEC_RODATA && l->secs[i].shdr.sh_size;
    }
    n_maps = l->n_map_syms + n_rodata;
    if (n_maps > SBPF_OBJECT_MAX_MAPS) {
        return fail(l, E2BIG, "too many maps (%zu, of which %zu for "
                    "read-only data; at most %d)", n_maps, n_rodata,
                    SBPF_OBJECT_MAX_MAPS);
    }
    obj->maps = calloc(n_maps ? n_maps : 1, sizeof *obj->maps);
    obj->init_data = calloc(n_maps ? n_maps : 1, sizeof *obj->init_data);
    if (!obj->maps || !obj->init_data) {
        return fail(l, ENOMEM, "out of memory");
    }
    obj->n_maps = n_maps;

    for (size_t i = 0; i < l->n_map_syms; i++) {
        const struct loader_sym *ls = &l->map_syms[i];
        const struct loader_sec *s = &l->secs[ls->sec_idx];
        struct sbpf_map_def *def = &obj->maps[i];
        uint32_t w[6] = { 0 };
        int error;

        memcpy(w, s->data + ls->offset, ls->size < 24 ? ls->size : 24);
        for (uint64_t off = 24; off < ls->size; off++) {
            if (s->data[ls->offset + off]) {
                return fail(l, EINVAL, "map '%s': unknown non-zero field "
                            "at byte %"PRIu64" of its definition", ls->name,
                            off);
            }
        }
        def->type = w[0];
        def->key_size = w[1];
        def->value_size = w[2];
        def->max_entries = w[3];
        def->nb_hash_functions = w[4];
        def->flags = w[5];
        error = copy_name(l, def->name, ls->name, "map");
        if (error) {
            return error;
        }
        if (def->type == SBPF_MAP_UNSPEC || def->type >= __SBPF_MAP_TYPE_MAX) {
            return fail(l, EINVAL, "map '%s' (section '%s'): unknown type "
                        "%u (1 array, 2 bloom filter, 3 count-min sketch, "
                        "4 hash)", ls->name, s->name, def->type);
        }
        if (def->flags & ~SBPF_F_RDONLY_PROG) {
            return fail(l, EINVAL, "map '%s': unknown flags %#x", ls->name,
                        def->flags);
        }
        /* Sizes are the core's to check (sbpf_map_ops.check_def): Oko's
         * bloom filters, for one, put the item size in value_size. */
    }

    size_t idx = l->n_map_syms;
    for (size_t i = 1; i < l->n_secs; i++) {
        struct loader_sec *s = &l->secs[i];
        struct sbpf_map_def *def;
        size_t len;

        if (s->kind != SEC_RODATA || !s->shdr.sh_size) {
            continue;
        }
        if (s->shdr.sh_size > UINT32_MAX || !s->data) {
            return fail(l, EINVAL, "read-only data section '%s' has no "
                        "content or is too large", s->name);
        }
        def = &obj->maps[idx];
        def->type = SBPF_MAP_ARRAY;
        def->key_size = 4;
        def->value_size = s->shdr.sh_size;
        def->max_entries = 1;
        def->flags = SBPF_F_RDONLY_PROG;
        len = strlen(s->name);
        if (len >= SBPF_NAME_LEN) {
            len = SBPF_NAME_LEN - 1;
        }
        memcpy(def->name, s->name, len);
        obj->init_data[idx] = malloc(s->shdr.sh_size);
        if (!obj->init_data[idx]) {
            return fail(l, ENOMEM, "out of memory");
        }
        memcpy(obj->init_data[idx], s->data, s->shdr.sh_size);
        s->rodata_map = idx++;
    }
    return 0;
}

static int
read_license(struct loader *l)
{
    for (size_t i = 1; i < l->n_secs; i++) {
        const struct loader_sec *s = &l->secs[i];

        if (s->kind != SEC_LICENSE) {
            continue;
        }
        if (!s->data || !memchr(s->data, '\0', s->shdr.sh_size)) {
            return fail(l, EINVAL, "section 'license' is not a "
                        "NUL-terminated string");
        }
        free(l->obj->license);
        l->obj->license = strdup((const char *) s->data);
        if (!l->obj->license) {
            return fail(l, ENOMEM, "out of memory");
        }
    }
    return 0;
}

/* Finds the map defined at 'offset' of section 'sec_idx'. */
static int64_t
find_map(const struct loader *l, size_t sec_idx, uint64_t offset)
{
    for (size_t i = 0; i < l->n_map_syms; i++) {
        if (l->map_syms[i].sec_idx == sec_idx
            && l->map_syms[i].offset == offset) {
            return i;
        }
    }
    return -1;
}

/* Applies one relocation to 'prog'.  'done' marks relocated instructions. */
static int
apply_reloc(struct loader *l, struct object_prog *prog, const GElf_Rel *rel,
            const char *rel_sec, bool *done)
{
    const char *sec = l->secs[prog->sec_idx].name;
    uint32_t type = GELF_R_TYPE(rel->r_info);
    uint64_t r_off = rel->r_offset;
    const struct loader_sec *target;
    struct bpf_insn *insn;
    const char *name;
    GElf_Sym sym;
    size_t idx;
    int error;

    if (r_off % INSN_SIZE) {
        return fail(l, EINVAL, "%s: relocation %s at '%s'+%#"PRIx64" is not "
                    "on an instruction boundary", rel_sec,
                    reloc_type_name(type), sec, r_off);
    }
    idx = (r_off - prog->offset) / INSN_SIZE;
    insn = &prog->insns[idx];
    error = get_sym(l, GELF_R_SYM(rel->r_info), &sym, &name);
    if (error) {
        return error;
    }
    if (done[idx]) {
        return fail(l, EINVAL, "'%s'+%#"PRIx64": instruction relocated "
                    "twice", sec, r_off);
    }
    target = (sym.st_shndx != SHN_UNDEF && sym.st_shndx < l->n_secs
              ? &l->secs[sym.st_shndx] : NULL);

    switch (type) {
    case R_BPF_NONE:
        return 0;

    case R_BPF_64_64: {
        uint64_t addend, where;

        if (insn->code != (BPF_LD | BPF_IMM | BPF_DW)
            || idx + 1 >= prog->n_insns) {
            return fail(l, EINVAL, "'%s'+%#"PRIx64": relocation %s against "
                        "'%s' is not on a 64-bit immediate load (opcode "
                        "%#x)", sec, r_off, reloc_type_name(type), name,
                        insn->code);
        }
        if (!target) {
            return fail(l, EINVAL, "'%s'+%#"PRIx64": unresolved symbol '%s' "
                        "(maps and data must be defined in the object, not "
                        "extern)", sec, r_off, name);
        }
        /* REL relocations: clang leaves the addend in the immediate. */
        addend = ((uint64_t) (uint32_t) insn[1].imm << 32)
                 | (uint32_t) insn[0].imm;
        where = sym.st_value + addend;
        if (target->kind == SEC_MAPS || target->kind == SEC_OKO_DATA) {
            int64_t map = find_map(l, sym.st_shndx, where);

            if (map < 0) {
                return fail(l, EINVAL, "'%s'+%#"PRIx64": reference to "
                            "'%s'+%"PRIu64" is not the start of a map "
                            "definition", sec, r_off, name, addend);
            }
            insn[0].src_reg = BPF_PSEUDO_MAP_FD;
            insn[0].imm = map;
            insn[1].imm = 0;
        } else if (target->kind == SEC_RODATA) {
            if (target->rodata_map < 0 || where >= target->shdr.sh_size) {
                return fail(l, EINVAL, "'%s'+%#"PRIx64": reference to "
                            "'%s'+%"PRIu64" lies outside section '%s' (size "
                            "%"PRIu64")", sec, r_off, name, addend,
                            target->name, (uint64_t) target->shdr.sh_size);
            }
            insn[0].src_reg = BPF_PSEUDO_MAP_VALUE;
            insn[0].imm = target->rodata_map;
            insn[1].imm = where;
        } else if (target->kind == SEC_CODE) {
            return fail(l, EINVAL, "'%s'+%#"PRIx64": takes the address of "
                        "function '%s': function pointers are not "
                        "supported", sec, r_off, name);
        } else {
            return fail(l, EINVAL, "'%s'+%#"PRIx64": refers to '%s' in "
                        "section '%s': global variables are not supported "
                        "(only maps and read-only data); use a map", sec,
                        r_off, name, target->name);
        }
        done[idx] = done[idx + 1] = true;
        return 0;
    }

    case R_BPF_64_32: {
        uint32_t helper;

        if (insn->code != (BPF_JMP | BPF_CALL)) {
            return fail(l, EINVAL, "'%s'+%#"PRIx64": relocation %s against "
                        "'%s' is not on a call (opcode %#x)", sec, r_off,
                        reloc_type_name(type), name, insn->code);
        }
        if (target) {
            return fail(l, EINVAL, "'%s'+%#"PRIx64": call to function '%s' "
                        "in section '%s': calls between BPF functions are "
                        "not supported; declare it static __always_inline",
                        sec, r_off, name, target->name);
        }
        helper = helper_by_name(name);
        if (!helper) {
            return fail(l, EINVAL, "'%s'+%#"PRIx64": call to unknown helper "
                        "'%s' (known: sbpf_map_lookup, sbpf_map_update, "
                        "sbpf_map_delete, sbpf_map_add, sbpf_time_get_ns, "
                        "sbpf_hash, sbpf_trace, or Oko's ubpf_* names)",
                        sec, r_off, name);
        }
        insn->src_reg = 0;
        insn->imm = helper;
        done[idx] = true;
        return 0;
    }

    default:
        return fail(l, EINVAL, "%s: unsupported relocation type %s (%u) "
                    "against '%s' at '%s'+%#"PRIx64, rel_sec,
                    reloc_type_name(type), type, name, sec, r_off);
    }
}

/* Checks that every instruction needing a relocation got one. */
static int
check_insns(struct loader *l, const struct object_prog *prog,
            const bool *done)
{
    for (uint32_t i = 0; i < prog->n_insns; i++) {
        const struct bpf_insn *insn = &prog->insns[i];

        if (insn->code == (BPF_LD | BPF_IMM | BPF_DW)) {
            if (i + 1 >= prog->n_insns) {
                return fail(l, EINVAL, "program '%s', insn %u: 64-bit "
                            "immediate load truncated at the end of the "
                            "program", prog->name, i);
            }
            if (insn->src_reg && !done[i]) {
                return fail(l, EINVAL, "program '%s', insn %u: map "
                            "reference (src_reg %u) without a relocation",
                            prog->name, i, insn->src_reg);
            }
            i++;
        } else if (insn->code == (BPF_JMP | BPF_CALL)) {
            if (insn->src_reg && !done[i]) {
                return fail(l, EINVAL, "program '%s', insn %u: call to a BPF "
                            "function (src_reg %u) without a relocation: "
                            "calls between BPF functions are not supported",
                            prog->name, i, insn->src_reg);
            }
        } else if (insn->code == (BPF_JMP | BPF_CALL | BPF_X)) {
            return fail(l, EINVAL, "program '%s', insn %u: indirect call "
                        "(callx): declare helpers as constants (static or "
                        "const function pointers) and compile with -O2",
                        prog->name, i);
        }
    }
    return 0;
}

static int
build_progs(struct loader *l)
{
    struct sbpf_object *obj = l->obj;

    if (!l->n_prog_syms) {
        return fail(l, ENOENT, "no program: no executable section holds "
                    "code");
    }
    obj->progs = calloc(l->n_prog_syms, sizeof *obj->progs);
    if (!obj->progs) {
        return fail(l, ENOMEM, "out of memory");
    }
    for (size_t i = 0; i < l->n_prog_syms; i++) {
        const struct loader_sym *ls = &l->prog_syms[i];
        const struct loader_sec *s = &l->secs[ls->sec_idx];
        struct object_prog *prog = &obj->progs[i];
        bool *done;
        int error;

        obj->n_progs++;
        error = copy_name(l, prog->name, ls->name, "program");
        if (error) {
            return error;
        }
        prog->section = strdup(s->name);
        if (!prog->section) {
            return fail(l, ENOMEM, "out of memory");
        }
        prog->sec_idx = ls->sec_idx;
        prog->offset = ls->offset;
        if (ls->size / INSN_SIZE > SBPF_OBJECT_MAX_INSNS) {
            return fail(l, E2BIG, "program '%s' has %"PRIu64" instructions, "
                        "more than %u", prog->name, ls->size / INSN_SIZE,
                        SBPF_OBJECT_MAX_INSNS);
        }
        prog->n_insns = ls->size / INSN_SIZE;
        prog->insns = malloc(ls->size);
        done = calloc(prog->n_insns, sizeof *done);
        if (!prog->insns || !done) {
            free(done);
            return fail(l, ENOMEM, "out of memory");
        }
        memcpy(prog->insns, s->data + ls->offset, ls->size);

        for (size_t r = 1; !error && r < l->n_secs; r++) {
            const struct loader_sec *rs = &l->secs[r];
            Elf_Data *rd;
            size_t n_rels;

            if ((rs->shdr.sh_type != SHT_REL && rs->shdr.sh_type != SHT_RELA)
                || rs->shdr.sh_info != ls->sec_idx) {
                continue;
            }
            if (rs->shdr.sh_type == SHT_RELA) {
                error = fail(l, EINVAL, "%s: RELA relocations are not "
                             "supported for code", rs->name);
                break;
            }
            if (rs->shdr.sh_entsize != sizeof(Elf64_Rel)
                || rs->shdr.sh_size % sizeof(Elf64_Rel)
                || rs->shdr.sh_link != l->symtab_idx) {
                error = fail(l, EINVAL, "%s: bad relocation section (entry "
                             "size %"PRIu64", size %"PRIu64", symbol table "
                             "%u)", rs->name, (uint64_t) rs->shdr.sh_entsize,
                             (uint64_t) rs->shdr.sh_size, rs->shdr.sh_link);
                break;
            }
            n_rels = rs->shdr.sh_size / sizeof(Elf64_Rel);
            rd = n_rels ? elf_getdata(elf_getscn(l->elf, r), NULL) : NULL;
            for (size_t k = 0; !error && k < n_rels; k++) {
                GElf_Rel rel;

                if (!gelf_getrel(rd, k, &rel)) {
                    error = fail(l, EINVAL, "%s: cannot read relocation "
                                 "%zu: %s", rs->name, k, elf_errmsg(-1));
                } else if (rel.r_offset >= s->shdr.sh_size) {
                    error = fail(l, EINVAL, "%s: relocation %zu at offset "
                                 "%#"PRIx64" lies outside section '%s' "
                                 "(size %"PRIu64")", rs->name, k,
                                 (uint64_t) rel.r_offset, s->name,
                                 (uint64_t) s->shdr.sh_size);
                } else if (rel.r_offset >= ls->offset
                           && rel.r_offset - ls->offset < ls->size) {
                    error = apply_reloc(l, prog, &rel, rs->name, done);
                }
            }
        }
        if (!error) {
            error = check_insns(l, prog, done);
        }
        free(done);
        if (error) {
            return error;
        }
    }
    return 0;
}

static void
loader_free(struct loader *l)
{
    if (l->elf) {
        elf_end(l->elf);
    }
    free(l->buf);
    free(l->secs);
    free(l->map_syms);
    free(l->prog_syms);
}

/* Loads the object file held in 'buf' ('size' bytes; 'name' is used in
 * messages).  On success stores the object in '*objp' and returns 0.  On
 * failure returns a positive errno value and, if 'errp' is nonnull, stores
 * in '*errp' a message the caller must free(). */
int
sbpf_object_open_mem(const void *buf, size_t size, const char *name,
                     struct sbpf_object **objp, char **errp)
{
    struct loader l = { .file = name ? name : "(memory)" };
    int error;

    *objp = NULL;
    if (errp) {
        *errp = NULL;
    }
    if (elf_version(EV_CURRENT) == EV_NONE) {
        error = fail(&l, EINVAL, "libelf: %s", elf_errmsg(-1));
        goto out;
    }
    if (size > SBPF_OBJECT_MAX_SIZE) {
        error = fail(&l, E2BIG, "file is %zu bytes, more than %u", size,
                     SBPF_OBJECT_MAX_SIZE);
        goto out;
    }
    l.size = size;
    l.buf = malloc(size ? size : 1);
    l.obj = calloc(1, sizeof *l.obj);
    if (!l.buf || !l.obj) {
        error = fail(&l, ENOMEM, "out of memory");
        goto out;
    }
    memcpy(l.buf, buf, size);

    error = check_header(&l);
    if (!error) {
        error = read_sections(&l);
    }
    if (!error) {
        error = read_symbols(&l);
    }
    if (!error) {
        error = build_maps(&l);
    }
    if (!error) {
        error = read_license(&l);
    }
    if (!error) {
        error = build_progs(&l);
    }

out:
    if (error) {
        sbpf_object_close(l.obj);
        if (errp) {
            *errp = l.err ? l.err : strdup("object loader: out of memory");
        } else {
            free(l.err);
        }
    } else {
        *objp = l.obj;
    }
    loader_free(&l);
    return error;
}

/* Like sbpf_object_open_mem(), reading the object from 'file_name'. */
int
sbpf_object_open_file(const char *file_name, struct sbpf_object **objp,
                      char **errp)
{
    struct stat st;
    uint8_t *buf = NULL;
    size_t done = 0;
    int error = 0;
    int fd;

    *objp = NULL;
    if (errp) {
        *errp = NULL;
    }
    fd = open(file_name, O_RDONLY);
    if (fd < 0 || fstat(fd, &st)) {
        error = errno;
    } else if (!S_ISREG(st.st_mode)) {
        error = EINVAL;
    } else if ((uint64_t) st.st_size > SBPF_OBJECT_MAX_SIZE) {
        error = E2BIG;
    } else {
        buf = malloc(st.st_size ? st.st_size : 1);
        if (!buf) {
            error = ENOMEM;
        }
        while (!error && done < (size_t) st.st_size) {
            ssize_t n = read(fd, buf + done, st.st_size - done);

            if (n < 0 && errno == EINTR) {
                continue;
            } else if (n <= 0) {
                error = n < 0 ? errno : EIO;
            } else {
                done += n;
            }
        }
    }
    if (fd >= 0) {
        close(fd);
    }
    if (error) {
        if (errp && asprintf(errp, "%s: cannot read: %s", file_name,
                             (error == EINVAL ? "not a regular file"
                              : error == E2BIG ? "file too large"
                              : strerror(error))) < 0) {
            *errp = NULL;
        }
    } else {
        error = sbpf_object_open_mem(buf, done, file_name, objp, errp);
    }
    free(buf);
    return error;
}

void
sbpf_object_close(struct sbpf_object *obj)
{
    if (!obj) {
        return;
    }
    for (size_t i = 0; i < obj->n_progs; i++) {
        free(obj->progs[i].section);
        free(obj->progs[i].insns);
    }
    free(obj->progs);
    for (uint32_t i = 0; obj->init_data && i < obj->n_maps; i++) {
        free(obj->init_data[i]);
    }
    free(obj->init_data);
    free(obj->maps);
    free(obj->license);
    free(obj);
}

size_t
sbpf_object_n_progs(const struct sbpf_object *obj)
{
    return obj->n_progs;
}

const char *
sbpf_object_prog_name(const struct sbpf_object *obj, size_t idx)
{
    return idx < obj->n_progs ? obj->progs[idx].name : NULL;
}

const char *
sbpf_object_prog_section(const struct sbpf_object *obj, size_t idx)
{
    return idx < obj->n_progs ? obj->progs[idx].section : NULL;
}

/* Finds the program called 'name' (function name first, then section
 * name); a null 'name' selects the first program.  Returns 0 and stores
 * its index in '*idxp', or ENOENT with a message listing the programs. */
int
sbpf_object_find_prog(const struct sbpf_object *obj, const char *name,
                      size_t *idxp, char **errp)
{
    size_t len = 0;
    char *list;

    if (errp) {
        *errp = NULL;
    }
    if (!name) {
        *idxp = 0;
        return 0;
    }
    for (size_t pass = 0; pass < 2; pass++) {
        for (size_t i = 0; i < obj->n_progs; i++) {
            if (!strcmp(name, pass ? obj->progs[i].section
                                   : obj->progs[i].name)) {
                *idxp = i;
                return 0;
            }
        }
    }
    if (!errp) {
        return ENOENT;
    }
    for (size_t i = 0; i < obj->n_progs; i++) {
        len += strlen(obj->progs[i].name) + strlen(obj->progs[i].section)
               + 8;
    }
    list = malloc(len + 1);
    if (list) {
        list[0] = '\0';
        for (size_t i = 0; i < obj->n_progs; i++) {
            strcat(list, i ? ", " : "");
            strcat(list, obj->progs[i].name);
            strcat(list, " (");
            strcat(list, obj->progs[i].section);
            strcat(list, ")");
        }
        if (asprintf(errp, "no program '%s' in the object; it has: %s",
                     name, list) < 0) {
            *errp = NULL;
        }
        free(list);
    }
    return ENOENT;
}

/* Fills 'img' with program 'idx' of 'obj'.  The image points into 'obj'
 * and stays valid until sbpf_object_close(). */
void
sbpf_object_get_image(const struct sbpf_object *obj, size_t idx,
                      struct sbpf_image *img)
{
    const struct object_prog *prog = &obj->progs[idx];

    memset(img, 0, sizeof *img);
    memcpy(img->name, prog->name, sizeof img->name);
    img->insns = prog->insns;
    img->n_insns = prog->n_insns;
    img->maps = obj->maps;
    img->n_maps = obj->n_maps;
    img->init_data = (const void *const *) obj->init_data;
    img->license = obj->license;
}

const char *
sbpf_object_license(const struct sbpf_object *obj)
{
    return obj->license;
}
