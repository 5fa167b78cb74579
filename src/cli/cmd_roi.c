/*
 * cmd_roi.c - 'liftkit roi' (not built yet).
 */
#include "cli.h"

const char cmd_roi_usage[] = "usage: liftkit roi (not built yet)\n";

int cmd_roi(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    return cli_not_built("roi");
}
