// SPDX-License-Identifier: Apache-2.0
/*
 * The `jaga` program: one binary, subcommands dispatched by name.
 */
#include <stdio.h>
#include <string.h>

#include "jaga/jaga.h"
#include "tools/eval.h"
#include "tools/jaga_cli.h"

static const char usage[] =
    "usage: jaga <command> [options]\n"
    "\n"
    "commands:\n"
    "  screen   screen canonical CSV transactions for CSE red flags, alerts as JSON Lines\n"
    "  gen      generate a synthetic switch day with injected typologies and ground truth\n"
    "  eval     score an alerts file against gen's ground truth (recall, FP, sweep, plots)\n"
    "  pack     check or show a red-flag pack\n"
    "  version  print the version\n"
    "\n"
    "Every command answers --help.\n";

int main(int argc, char **argv)
{
    if (argc < 2 || !strcmp(argv[1], "-h") || !strcmp(argv[1], "--help") ||
        !strcmp(argv[1], "help")) {
        fputs(usage, argc < 2 ? stderr : stdout);
        return argc < 2 ? 2 : 0;
    }
    const char *cmd = argv[1];
    if (!strcmp(cmd, "screen"))
        return jaga_screen_main(argc - 1, argv + 1);
    if (!strcmp(cmd, "gen"))
        return jaga_gen_main(argc - 1, argv + 1);
    if (!strcmp(cmd, "eval"))
        return jaga_eval_main(argc - 1, argv + 1);
    if (!strcmp(cmd, "pack"))
        return jaga_pack_main(argc - 1, argv + 1);
    if (!strcmp(cmd, "version") || !strcmp(cmd, "--version")) {
        printf("jaga %s\n", jaga_version());
        return 0;
    }
    fprintf(stderr, "jaga: unknown command '%s' (see jaga --help)\n", cmd);
    return 2;
}
