// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/* Only maps, no code: rejected. */
#include "sluice_bpf.h"
SLUICE_MAP(m, SLUICE_MAP_HASH, u32, u32, 4);
