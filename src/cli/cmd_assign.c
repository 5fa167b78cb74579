/*
 * cmd_assign.c - 'liftkit assign' (not built yet).
 */
#include "cli.h"

const char cmd_assign_usage[] = "usage: liftkit assign (not built yet)\n";

int cmd_assign(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    return cli_not_built("assign");
}
