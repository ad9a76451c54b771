// SPDX-License-Identifier: Apache-2.0
/*
 * The version string of the public API (core/include/jaga/jaga.h).
 */
#include "jaga/jaga.h"

#include "jaga_config.h"

const char *jaga_version(void)
{
    return JAGA_VERSION;
}
