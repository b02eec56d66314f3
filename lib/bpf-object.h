/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * Filter program objects: turns a clang "-target bpf" ELF object into the
 * program images (datapath/bpf/image.h) that the BPF core verifies and the
 * kernel's netlink family carries.  Only this loader parses ELF; the kernel
 * never does.
 *
 * What an object may contain:
 *
 *   - Code: every executable section (".text" or a SEC("name") section).
 *     Each global function in such a section is one program, named after
 *     the function.  A program is selected by its function name or by its
 *     section name; the default is the first program of the object.
 *
 *   - Maps, in two layouts, numbered in the order they appear in the file
 *     (section by section, by offset within a section); the number is the
 *     index used by map references in the image and by the control plane
 *     ("map 0"):
 *       . a "maps" section of definitions: Oko's 20-byte definition
 *         {type, key_size, value_size, max_entries, nb_hash_functions},
 *         optionally followed by a flags word; longer definitions are
 *         accepted when the extra bytes are zero;
 *       . Oko's layout: initialised globals in ".data", each a 20-byte
 *         definition.
 *     Every map of the object appears in every program's image.
 *
 *   - Read-only data (".rodata", ".rodata.*", e.g. trace format strings):
 *     each such section becomes one more map, a one-entry read-only array
 *     whose value is the section's content, appended after the object's
 *     maps.  References become BPF_PSEUDO_MAP_VALUE loads.
 *
 *   - A "license" section holding a NUL-terminated string (optional).
 *
 * Relocations: R_BPF_64_64 on a 64-bit immediate load against a map (named
 * symbol, or section symbol plus the addend clang leaves in the
 * instruction) or read-only data; R_BPF_64_32 on a call against an
 * undefined ("extern") helper named after its number (sluice_bpf.h lists
 * the names; Oko's ubpf_* names are accepted too).  Oko's function-pointer
 * constants compile (clang -O2) into plain "call N" and need no relocation.
 * Anything else is rejected with a message naming the section, offset and
 * relocation type.
 */
#ifndef BPF_OBJECT_H
#define BPF_OBJECT_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <linux/bpf.h>

/* image.h is written against the kernel's fixed-width type names. */
typedef __u32 u32;
#include "image.h"

/* Limits on what the loader accepts, independent of the verifier's. */
#define SBPF_OBJECT_MAX_SIZE   (64u << 20) /* bytes of object file */
#define SBPF_OBJECT_MAX_INSNS  (1u << 20)  /* instructions per program */
#define SBPF_OBJECT_MAX_MAPS   64          /* maps (incl. .rodata) */
#define SBPF_OBJECT_MAX_PROGS  256         /* programs per object */

struct sbpf_object;

int sbpf_object_open_mem(const void *buf, size_t size, const char *name,
                         struct sbpf_object **objp, char **errp);
int sbpf_object_open_file(const char *file_name, struct sbpf_object **objp,
                          char **errp);
void sbpf_object_close(struct sbpf_object *);

size_t sbpf_object_n_progs(const struct sbpf_object *);
const char *sbpf_object_prog_name(const struct sbpf_object *, size_t idx);
const char *sbpf_object_prog_section(const struct sbpf_object *, size_t idx);
int sbpf_object_find_prog(const struct sbpf_object *, const char *name,
                          size_t *idxp, char **errp);

void sbpf_object_get_image(const struct sbpf_object *, size_t idx,
                           struct sbpf_image *);
const char *sbpf_object_license(const struct sbpf_object *);

const char *sbpf_helper_name(uint32_t id);

#endif /* bpf-object.h */
