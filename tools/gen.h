// SPDX-License-Identifier: Apache-2.0
/*
 * `jaga gen`: the synthetic national-switch traffic generator (tools/gen.c). It writes a
 * canonical CSV day of one country's switch traffic with injected CSE typologies, the account
 * and watch-list reference files, and the ground truth. It is a tool, not part of the engine:
 * nothing in core/, io/ or models/ includes this header.
 */
#ifndef JAGA_TOOLS_GEN_H
#define JAGA_TOOLS_GEN_H

/** Runs `jaga gen`; argv[0] is "gen". Output is a pure function of the arguments (no wall
 *  clock, no libc rand), so the same arguments give byte-identical files. Returns the process
 *  exit status: 0 on success, 1 when an output file cannot be created or written, 2 for a usage
 *  error (a one-line reason on stderr). `--help` prints usage on stdout and returns 0.
 *  Cold; single-threaded; not reentrant-safe only in that it writes to stdout/stderr. */
int jaga_gen_main(int argc, char **argv);

#endif
