/*
 * cmd_power.c - 'liftkit power' (not built yet).
 */
#include "cli.h"

const char cmd_power_usage[] = "usage: liftkit power (not built yet)\n";

int cmd_power(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    return cli_not_built("power");
}
