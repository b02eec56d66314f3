/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * libFuzzer target for the object loader.  Build and run (see
 * tests/loader/README):
 *
 *   make fuzz-loader
 *   build/loader/fuzz-loader -max_total_time=300 build/loader/corpus
 *
 * Every input must either load, giving a consistent object whose images
 * are fully readable, or fail with a message; anything else (a crash, a
 * sanitizer report, a leak) is a bug.
 */
#include "bpf-object.h"

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct sbpf_object *obj;
    char *err;

    if (sbpf_object_open_mem(data, size, "fuzz", &obj, &err)) {
        if (!err) {
            abort();
        }
        free(err);
        return 0;
    }
    for (size_t i = 0; i < sbpf_object_n_progs(obj); i++) {
        struct sbpf_image img;
        volatile uint64_t sum = 0;

        sbpf_object_get_image(obj, i, &img);
        if (!img.n_insns || strlen(img.name) >= SBPF_NAME_LEN) {
            abort();
        }
        /* Touch everything the image points to, for ASan. */
        for (uint32_t k = 0; k < img.n_insns; k++) {
            sum += img.insns[k].imm;
        }
        for (uint32_t m = 0; m < img.n_maps; m++) {
            if (strlen(img.maps[m].name) >= SBPF_NAME_LEN) {
                abort();
            }
            if (img.init_data[m]) {
                const uint8_t *p = img.init_data[m];

                for (uint32_t b = 0; b < img.maps[m].value_size; b++) {
                    sum += p[b];
                }
            }
        }
    }
    sbpf_object_close(obj);
    return 0;
}
