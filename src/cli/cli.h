/*
 * cli.h - what the commands share: the command table, printing errors,
 * usage and progress, and checked exit.
 *
 * Each command lives in cmd_<name>.c and defines cmd_<name>(), its table
 * of options and its help page (options.h).  A command parses its options, calls the
 * library, prints, and returns an exit code: 0 success, 1 usage error,
 * 2 bad input data, 3 I/O or system error.
 */
#ifndef LIFTKIT_CLI_H
#define LIFTKIT_CLI_H

#include <stddef.h>
#include <stdint.h>

#include "liftkit/error.h"
#include "liftkit/experiment.h"
#include "liftkit/format.h"
#include "liftkit/interim.h"
#include "liftkit/liftkit.h"
#include "liftkit/output.h"

#include "options.h"

#define CLI_COMMANDS(X)                                                              \
    X(simulate, "simulate a campaign: customers, offers and openings with known truth") \
    X(power, "size a test cell, or the smallest lift a given size can detect")         \
    X(assign, "assign customers to arms by salted hash (reproducible in SQL)")         \
    X(attribute, "credit each product opening to the offer that earned it")            \
    X(lift, "lift table: rates, differences, relative lift, p-values per arm")         \
    X(roi, "return on marketing investment per treated arm against the control")       \
    X(contacts, "contact pressure per arm and breaches of the contact policy")        \
    X(matrix, "the offer matrix: offers and responses by month, product and channel")  \
    X(uplift, "uplift and Qini by model score decile, per model version")              \
    X(plot, "draw a chart from a table with gnuplot (PNG and SVG)")                    \
    X(report, "write the HTML report with verdict, tables and charts")                 \
    X(sql, "print SQL for assignment, lift summary or attribution in a warehouse")

/*
 * A command: parse fills its args (a struct of size bytes, zeroed first)
 * from argv and returns 0, CLI_HELP_SHOWN (see options.h) or the exit code
 * of a usage error it has printed; then the experiment file named by the
 * string at offset experiment in the args is loaded (none when NULL); then
 * run does the work with it (exp NULL when none was named), prints, and
 * returns the exit code, every message printed.
 */
typedef struct cli_command {
    int (*parse)(void *args, int argc, char **argv);
    int (*run)(void *args, lk_experiment *exp, lk_error *err);
    size_t size;
    size_t experiment;
} cli_command;

#define CLI_DECLARE(name, summary) extern const cli_command cmd_##name;
CLI_COMMANDS(CLI_DECLARE)
#undef CLI_DECLARE

/* Run command c on argv[0..argc) (argv[0] its name); returns the exit code. */
int cli_run(const cli_command *c, int argc, char **argv);

/* Print "liftkit: <located message>" to stderr; return err->code (3 if 0). */
int cli_fail(const lk_error *err);

/* Print "liftkit CMD: message" and a hint to see --help; return 1. */
int cli_usage(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Print the help page of cmd to stdout; return 0 (1 for an unknown cmd). */
int cli_help(const char *cmd);

/* For commands not built yet: say so on stderr and return 1. */
int cli_not_built(const char *cmd);

/*
 * Flush and close standard output, so a full disk is an error; returns
 * code, or 3 if writing failed.
 */
int cli_exit(int code);

/*
 * Finish an all-or-nothing output after a step that returned rc: commit it
 * when rc is 0, else abort it.  out may be NULL.  Returns rc, or the
 * commit's status (with err filled) when rc was 0.
 */
int cli_output_finish(lk_output *out, int rc, lk_error *err);

/*
 * Close a rejects file after a step that returned rc: kept when rc is 0,
 * discarded otherwise.  rj may be NULL.  Returns rc, or the close's status
 * (with err filled) when rc was 0.
 */
int cli_rejects_finish(lk_rejects *rj, int rc, lk_error *err);

/* Parse a non-negative integer option value; 0 or -1. */
int cli_parse_ulong(const char *s, unsigned long *v);
/* Parse a finite number option value; 0 or -1. */
int cli_parse_double(const char *s, double *v);

/*
 * A progress reporter that writes "\rLABEL: 42%" to stderr when stderr is a
 * terminal, and nothing otherwise; in a run of named steps, "\rLABEL: STEP
 * 42%" (or "\rLABEL: STEP" until the step counts its work), each step
 * over the last on one line.  cli_progress_done ends the line.
 */
typedef struct cli_progress {
    const char *label;
    int enabled;
    int last;          /* last percent (or MB) shown */
    char step[64];     /* the step under way, or "" */
} cli_progress;
lk_progress cli_progress_start(cli_progress *cp, const char *label);
void cli_progress_done(cli_progress *cp);

/*
 * --as-of DATE (an interim read), the same in lift, roi, uplift and report:
 * the option's value as a day number.
 */
typedef struct cli_as_of {
    int has;
    int32_t day;
} cli_as_of;
int cli_take_as_of(void *ctx, const char *cmd, const char *name, const char *value);
#define OPT_AS_OF(t)                                                                     \
    OPT_CALLBACK(0, "as-of", cli_take_as_of, (t), "DATE",                                \
                 "an interim read: only openings (and offers) dated\n"                   \
                 "DATE or earlier count, and the window ends there")

/* "liftkit CMD: interim read: data to DATE, day N of W" on stderr, when it is one. */
void cli_say_interim(const char *cmd, const lk_interim *r);

/*
 * --by COLUMN[,COLUMN]: by split at commas into by->cols (the text copied
 * into by->buf).  0, or the usage error's exit code (cmd names the command).
 */
typedef struct cli_by {
    char buf[1024];
    const char *cols[8];       /* LK_SEGMENT_COLUMNS */
    size_t n;
} cli_by;
int cli_split_by(const char *cmd, const char *by, cli_by *out);

/*
 * --summary FILE and the partial summaries after it (the positional
 * arguments args[0..nargs)), in order, into out.  0, or the usage error's
 * exit code when they are more than CLI_LIST_MAX + 1 (cmd names the
 * command).
 */
typedef struct cli_summaries {
    const char *paths[CLI_LIST_MAX + 1];
    size_t n;
} cli_summaries;
int cli_take_summaries(const char *cmd, const char *summary, char *const *args, int nargs,
                       cli_summaries *out);

/* The whole command line, for audit footers (valid after main starts). */
const char *cli_command_line(void);

#endif
