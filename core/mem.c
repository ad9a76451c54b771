// SPDX-License-Identifier: Apache-2.0
/* placeholder, being written */
typedef int jaga_placeholder_core_mem_c;
