/*
 * options.h - declarative command-line options: each command declares a
 * table of its options and a page of documentation, and one function
 * parses argv against the table and renders --help from it, so that
 * -q/--quiet, -o/--output, -f/--format and -h/--help are spelled,
 * documented and checked alike in every command.
 *
 * What stays true: every usage error is printed as "liftkit CMD: message"
 * plus a hint and returns 1; a bad number names its option; a required
 * option left out is "missing -e/--experiment" in every command; -h/--help
 * belongs to every table without being written there, and anywhere before
 * "--" prints the page on standard output and nothing else happens.
 */
#ifndef LIFTKIT_CLI_OPTIONS_H
#define LIFTKIT_CLI_OPTIONS_H

#include <stddef.h>

#include "liftkit/format.h"

typedef enum cli_opt_kind {
    CLI_OPT_END = 0,
    CLI_OPT_FLAG,     /* int *: set to 1 */
    CLI_OPT_STRING,   /* const char **: the value */
    CLI_OPT_OUTFILE,  /* const char **: a file to write; its folder must exist */
    CLI_OPT_ULONG,    /* unsigned long *: a whole number >= 0 */
    CLI_OPT_DOUBLE,   /* double *: a finite number */
    CLI_OPT_LIST,     /* cli_list *: repeatable, every value kept in order */
    CLI_OPT_FORMAT,   /* lk_format *: csv, json or md (md and csv when 'csvmd') */
    CLI_OPT_CALLBACK, /* fn(ctx, name, value): 0 or the usage error's exit code */
    CLI_OPT_HELP      /* -h/--help; the parser's own, never in a table */
} cli_opt_kind;

#define CLI_LIST_MAX 64

/* The values of a repeatable option, in command-line order. */
typedef struct cli_list {
    const char *items[CLI_LIST_MAX];
    size_t n;
} cli_list;

/*
 * A callback's arguments: its ctx, the command's name (for cli_usage), the
 * option's name as messages spell it ("--as-of") and its value.
 */
typedef int (*cli_opt_fn)(void *ctx, const char *cmd, const char *name, const char *value);

typedef struct cli_option {
    char short_name;      /* 0 when none */
    const char *long_name;
    cli_opt_kind kind;
    void *target;         /* see cli_opt_kind; the callback's ctx */
    const char *argname;  /* "FILE"; NULL for a flag */
    const char *help;     /* lines separated by '\n' */
    cli_opt_fn fn;        /* CLI_OPT_CALLBACK only */
    int csv_md_only;      /* CLI_OPT_FORMAT: json not offered */
    int required;         /* the parser fails "missing ..." when it is not given */
} cli_option;

/* At most this many options in a table. */
#define CLI_OPTIONS_MAX 64

#define OPT_FLAG(s, l, t, h) {(s), (l), CLI_OPT_FLAG, (t), NULL, (h), NULL, 0, 0}
#define OPT_STRING(s, l, t, a, h) {(s), (l), CLI_OPT_STRING, (t), (a), (h), NULL, 0, 0}
#define OPT_OUTFILE(s, l, t, h) {(s), (l), CLI_OPT_OUTFILE, (t), "FILE", (h), NULL, 0, 0}
#define OPT_ULONG(s, l, t, a, h) {(s), (l), CLI_OPT_ULONG, (t), (a), (h), NULL, 0, 0}
#define OPT_DOUBLE(s, l, t, a, h) {(s), (l), CLI_OPT_DOUBLE, (t), (a), (h), NULL, 0, 0}
#define OPT_LIST(s, l, t, a, h) {(s), (l), CLI_OPT_LIST, (t), (a), (h), NULL, 0, 0}
#define OPT_CALLBACK(s, l, fn, ctx, a, h) \
    {(s), (l), CLI_OPT_CALLBACK, (ctx), (a), (h), (fn), 0, 0}
/* The same, for an option the command cannot run without. */
#define OPT_STRING_REQUIRED(s, l, t, a, h) {(s), (l), CLI_OPT_STRING, (t), (a), (h), NULL, 0, 1}
#define OPT_LIST_REQUIRED(s, l, t, a, h) {(s), (l), CLI_OPT_LIST, (t), (a), (h), NULL, 0, 1}
#define OPT_CALLBACK_REQUIRED(s, l, fn, ctx, a, h) \
    {(s), (l), CLI_OPT_CALLBACK, (ctx), (a), (h), (fn), 0, 1}

/* The options every command spells and documents the same way. */
#define OPT_EXPERIMENT_HELP(t, h) OPT_STRING_REQUIRED('e', "experiment", (t), "EXP", (h))
#define OPT_EXPERIMENT(t) OPT_EXPERIMENT_HELP((t), "the experiment file (INI)")
#define OPT_EXPERIMENT_OPTIONAL(t, h) OPT_STRING('e', "experiment", (t), "EXP", (h))
#define OPT_OUTPUT(t) \
    OPT_OUTFILE('o', "output", (t), "write the result to FILE (default standard output)")
#define OPT_OUTPUT_DIR(t, h) OPT_STRING('o', "output", (t), "DIR", (h))
#define OPT_FORMAT(t) \
    {'f', "format", CLI_OPT_FORMAT, (t), "FORMAT", "csv (default), json or md", NULL, 0, 0}
#define OPT_FORMAT_CSV_MD(t) \
    {'f', "format", CLI_OPT_FORMAT, (t), "FORMAT", "csv (default) or md", NULL, 1, 0}
#define OPT_QUIET(t) OPT_FLAG('q', "quiet", (t), "do not print the summary on standard error")
#define OPT_REJECTS(t) \
    OPT_OUTFILE(0, "rejects", (t), "set bad input rows aside in FILE (file,line,column,\n" \
                                   "reason,row) and go on instead of stopping")
/* Set by --safe-csv; cli_parse_options then turns on lk_csv_set_safe. */
extern int cli_safe_csv;
#define OPT_SAFE_CSV() \
    OPT_FLAG(0, "safe-csv", &cli_safe_csv, "for spreadsheets: write a text cell that starts\n" \
                                           "with = + - or @ (not a number) after a '")
#define OPT_END() {0, NULL, CLI_OPT_END, NULL, NULL, NULL, NULL, 0, 0}

/*
 * The help page of a command, rendered in this order: usage lines, the
 * one-line purpose, the description, "Options:" (from the table), "Exit
 * status:" (the four codes, then exit_notes), "Example:".  Text fields are
 * whole lines ending in '\n'; description and exit_notes may be NULL.
 */
typedef struct cli_doc {
    const char *name;       /* "lift" */
    const char *usage;      /* "usage: liftkit lift ...\n   or: ...\n" */
    const char *purpose;    /* one line */
    const char *description;
    const char *exit_notes;
    const char *example;    /* command lines (and output), indented two */
    int max_args;           /* positional arguments allowed; -1 any number */
} cli_doc;

/* Returned by cli_parse_options when the help was shown: exit 0. */
#define CLI_HELP_SHOWN (-1)

/*
 * Parse argv[1..argc-1] against opts (ended by OPT_END(); -h/--help is
 * added by the parser).  Options and positional arguments may be mixed;
 * "--" ends the options.  Long options take "--name VALUE" or
 * "--name=VALUE", and may be shortened to any unambiguous prefix; short
 * ones "-x VALUE" or "-xVALUE", and flags may be bundled ("-qh").  The
 * positional arguments are moved to argv[1..] in order and counted in
 * *nargs (nargs may be NULL).  Returns 0; CLI_HELP_SHOWN after printing
 * the help; LK_EUSAGE after printing a usage error (a required option not
 * given, an output that is an input, or two outputs that are one file,
 * included); LK_EIO after saying that an output file's folder does not
 * exist.
 */
int cli_parse_options(const cli_doc *doc, const cli_option *opts, int argc, char **argv,
                      int *nargs);

/* Print the help page of doc and opts to standard output. */
void cli_print_help(const cli_doc *doc, const cli_option *opts);

/* The exit code for a cli_parse_options result rc that is not 0. */
static inline int cli_parse_exit(int rc)
{
    return rc == CLI_HELP_SHOWN ? 0 : rc;
}

/*
 * Fail unless the folder that would hold the file path exists: "liftkit:
 * cannot write 'PATH': no folder 'DIR'" on stderr and LK_EIO; 0 when it
 * exists or path is NULL or "-".
 */
int cli_check_output_folder(const char *path);

/*
 * Usage error (printed, LK_EUSAGE) when an output of outs is one of the
 * existing inputs ins (same device and inode) or two outputs are one file;
 * NULL entries, "-" and files that are not regular are skipped.  0 else.
 */
int cli_check_clobber(const char *cmd, const char *const *outs, size_t nout,
                      const char *const *ins, size_t nin);

/*
 * Usage error (printed, LK_EUSAGE) when one of the existing inputs ins lies
 * inside the folder dir that a command writes; 0 when none does or dir
 * does not exist yet.
 */
int cli_check_not_inside(const char *cmd, const char *dir, const char *const *ins, size_t nin);

/*
 * cli_check_clobber over what the table knows: the outputs are the
 * CLI_OPT_OUTFILE values, the inputs args[0..nargs) and the values of the
 * options whose argname names a file (FILE, TABLE, EXP).
 * cli_parse_options calls it once every option is set.
 */
int cli_check_option_files(const cli_doc *doc, const cli_option *opts, char **args,
                           int nargs);

#endif
