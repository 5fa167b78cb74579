/*
 * cmd_plot.c - 'liftkit plot' (not built yet).
 */
#include "cli.h"

const char cmd_plot_usage[] = "usage: liftkit plot (not built yet)\n";

int cmd_plot(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    return cli_not_built("plot");
}
