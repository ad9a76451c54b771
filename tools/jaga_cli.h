// SPDX-License-Identifier: Apache-2.0
/*
 * Entry points of the `jaga` subcommands; argv[0] is the subcommand's name.
 */
#ifndef JAGA_TOOLS_JAGA_CLI_H
#define JAGA_TOOLS_JAGA_CLI_H

int jaga_screen_main(int argc, char **argv);
int jaga_pack_main(int argc, char **argv);
int jaga_gen_main(int argc, char **argv);

#endif
