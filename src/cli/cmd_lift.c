/*
 * cmd_lift.c - 'liftkit lift' (not built yet).
 */
#include "cli.h"

const char cmd_lift_usage[] = "usage: liftkit lift (not built yet)\n";

int cmd_lift(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    return cli_not_built("lift");
}
