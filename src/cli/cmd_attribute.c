/*
 * cmd_attribute.c - 'liftkit attribute' (not built yet).
 */
#include "cli.h"

const char cmd_attribute_usage[] = "usage: liftkit attribute (not built yet)\n";

int cmd_attribute(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    return cli_not_built("attribute");
}
