/*
 * cmd_simulate.c - 'liftkit simulate' (not built yet).
 */
#include "cli.h"

const char cmd_simulate_usage[] = "usage: liftkit simulate (not built yet)\n";

int cmd_simulate(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    return cli_not_built("simulate");
}
