/*
 * cmd_report.c - 'liftkit report' (not built yet).
 */
#include "cli.h"

const char cmd_report_usage[] = "usage: liftkit report (not built yet)\n";

int cmd_report(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    return cli_not_built("report");
}
