/*
 * main.c - the liftkit command: the table of subcommands and dispatch.
 * A command's outputs are held and released together once it returns, so
 * a run leaves all of them or none; SIGINT, SIGTERM and SIGHUP remove the
 * temporary files before the process ends by the signal.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_errno.h>

#include "liftkit/csv.h"
#include "liftkit/liftkit.h"
#include "liftkit/output.h"

#include "cli.h"

typedef struct command {
    const char *name;
    const cli_command *cmd;
    const char *summary;
} command;

#define CLI_ENTRY(name, summary) {#name, &cmd_##name, summary},
static const command commands[] = {CLI_COMMANDS(CLI_ENTRY)};
#undef CLI_ENTRY
#define NCOMMANDS (sizeof(commands) / sizeof(commands[0]))

static char command_line[4096];

const char *cli_command_line(void)
{
    return command_line;
}

static void keep_command_line(int argc, char **argv)
{
    size_t at = 0;
    for (int i = 0; i < argc && at + 1 < sizeof(command_line); i++) {
        int n = snprintf(command_line + at, sizeof(command_line) - at, "%s%s",
                         i ? " " : "", argv[i]);
        if (n < 0)
            break;
        at += (size_t)n;
    }
}

static const command *find(const char *name)
{
    for (size_t i = 0; i < NCOMMANDS; i++)
        if (!strcmp(commands[i].name, name))
            return &commands[i];
    return NULL;
}

int cli_help(const char *cmd)
{
    const command *c = find(cmd);
    if (!c) {
        fprintf(stderr, "liftkit: unknown command '%s'; see 'liftkit --help'\n", cmd);
        return 1;
    }
    char *argv[] = {(char *)cmd, "--help", NULL};
    return cli_run(c->cmd, 2, argv);
}

static void usage(FILE *f)
{
    fprintf(f, "usage: liftkit [--version] [--help] COMMAND [ARGS]\n\n"
               "Champion/challenger experiments for direct marketing.\n\n"
               "Commands:\n");
    for (size_t i = 0; i < NCOMMANDS; i++)
        fprintf(f, "  %-10s %s\n", commands[i].name, commands[i].summary);
    fprintf(f, "\nSee 'liftkit help COMMAND' or 'liftkit COMMAND --help' for a command's "
               "options.\n\n"
               "Exit status: 0 success, 1 usage error, 2 bad input data, "
               "3 I/O or system error.\n\n"
               "Example:\n"
               "  liftkit simulate -e experiments/heloc-spring-2026.ini -n 200000 "
               "--out-dir data\n");
}

static void on_signal(int sig)
{
    lk_output_remove_temps();
    signal(sig, SIG_DFL);
    raise(sig);
}

static void catch_signals(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGHUP, &sa, NULL);
}

/* The number in environment variable name (what it counts), 0 when unset; -1 bad. */
static int env_limit(const char *name, const char *what, unsigned long *n)
{
    const char *v = getenv(name);
    *n = 0;
    if (!v || !*v)
        return 0;
    if (cli_parse_ulong(v, n) || *n == 0) {
        fprintf(stderr, "liftkit: %s expects a number of %s, not '%s'\n", name, what, v);
        return -1;
    }
    return 0;
}

/* LIFTKIT_MAX_LINE=BYTES and LIFTKIT_MAX_IDS=N raise (or lower) the CSV line limit
   and the number of ids out of order held to check them. */
static int set_limits(void)
{
    unsigned long line, ids;
    if (env_limit("LIFTKIT_MAX_LINE", "bytes", &line) ||
        env_limit("LIFTKIT_MAX_IDS", "ids", &ids))
        return 1;
    lk_csv_set_max_line(line);
    lk_id_set_limit(ids);
    return 0;
}

/* Run c with its outputs held: all of them reach their places, or none. */
static int run_command(const command *c, int argc, char **argv)
{
    if (set_limits())
        return 1;
    catch_signals();
    lk_output_hold();
    int rc = cli_run(c->cmd, argc, argv);
    lk_error err;
    lk_error_clear(&err);
    if (lk_output_release(rc == 0, &err) && !rc)
        rc = cli_fail(&err);
    return rc;
}

int main(int argc, char **argv)
{
    gsl_set_error_handler_off();
    keep_command_line(argc, argv);
    if (argc < 2) {
        usage(stderr);
        return 1;
    }
    const char *name = argv[1];
    if (!strcmp(name, "--help") || !strcmp(name, "-h")) {
        usage(stdout);
        return cli_exit(0);
    }
    if (!strcmp(name, "--version") || !strcmp(name, "-V")) {
        printf("liftkit %s\n", lk_version());
        return cli_exit(0);
    }
    if (!strcmp(name, "help")) {
        if (argc < 3) {
            usage(stdout);
            return cli_exit(0);
        }
        return cli_exit(cli_help(argv[2]));
    }
    const command *c = find(name);
    if (!c) {
        fprintf(stderr, "liftkit: unknown command '%s'; see 'liftkit --help'\n", name);
        return 1;
    }
    return cli_exit(run_command(c, argc - 1, argv + 1));
}
