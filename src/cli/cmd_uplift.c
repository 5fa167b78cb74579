/*
 * cmd_uplift.c - 'liftkit uplift' (not built yet).
 */
#include "cli.h"

const char cmd_uplift_usage[] = "usage: liftkit uplift (not built yet)\n";

int cmd_uplift(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    return cli_not_built("uplift");
}
