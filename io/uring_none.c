// SPDX-License-Identifier: Apache-2.0
/*
 * Built instead of io/uring.c when liburing is not available: the io_uring reader reports
 * -ENOTSUP and jaga_reader_open falls back to read(2).
 */
#include "io/reader.h"

#include <errno.h>

int jaga_reader_open_uring(int fd, int own_fd, struct jaga_reader **out)
{
    (void)fd;
    (void)own_fd;
    (void)out;
    return -ENOTSUP;
}
