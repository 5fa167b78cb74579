/*
 * options.c - one parser and one help renderer for every command's option
 * table (options.h).  The parser never allocates: positional arguments are
 * compacted in argv itself.
 */
#include <assert.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "liftkit/output.h"

#include "cli.h"
#include "options.h"

#define HELP_COLUMN 26

int cli_safe_csv;

/* How the option is named in messages: "--long", else "-s". */
static const char *opt_name(const cli_option *o, char *buf, size_t size)
{
    if (o->long_name)
        snprintf(buf, size, "--%s", o->long_name);
    else
        snprintf(buf, size, "-%c", o->short_name);
    return buf;
}

static int takes_value(const cli_option *o)
{
    return o->kind != CLI_OPT_FLAG && o->kind != CLI_OPT_HELP;
}

int cli_check_output_folder(const char *path)
{
    if (!path || !strcmp(path, "-"))
        return 0;
    const char *slash = strrchr(path, '/');
    if (!slash)
        return 0;
    char dir[4096];
    size_t n = slash == path ? 1 : (size_t)(slash - path);
    if (n >= sizeof(dir))
        return 0;
    memcpy(dir, path, n);
    dir[n] = '\0';
    struct stat st;
    if (stat(dir, &st) != 0)
        fprintf(stderr, "liftkit: cannot write '%s': no folder '%s'\n", path, dir);
    else if (!S_ISDIR(st.st_mode))
        fprintf(stderr, "liftkit: cannot write '%s': '%s' is not a folder\n", path, dir);
    else
        return 0;
    return LK_EIO;
}

static int set_format(const cli_doc *doc, const cli_option *o, const char *v)
{
    lk_format f;
    if (lk_format_from_name(v, &f) || (o->csv_md_only && f == LK_FORMAT_JSON))
        return cli_usage(doc->name, "--format expects %s, not '%s'",
                         o->csv_md_only ? "csv or md" : "csv, json or md", v);
    *(lk_format *)o->target = f;
    return 0;
}

/* The parser's own option, in every table after the table's last. */
static const cli_option help_option[] = {
    {'h', "help", CLI_OPT_HELP, NULL, NULL, "show this help", NULL, 0, 0},
    OPT_END(),
};

/* One run of the parser: the command, its table and which options were given. */
typedef struct parser {
    const cli_doc *doc;
    const cli_option *opts;
    unsigned char seen[CLI_OPTIONS_MAX];
} parser;

/* Store value v of option o; 0 or the exit code of the error printed. */
static int set_value(parser *p, const cli_option *o, const char *v)
{
    const cli_doc *doc = p->doc;
    char name[64];
    if (o->kind != CLI_OPT_HELP)
        p->seen[o - p->opts] = 1;
    switch (o->kind) {
    case CLI_OPT_STRING: *(const char **)o->target = v; return 0;
    case CLI_OPT_OUTFILE:
        *(const char **)o->target = v;
        return cli_check_output_folder(v);
    case CLI_OPT_ULONG:
        if (cli_parse_ulong(v, o->target))
            return cli_usage(doc->name, "%s expects a whole number, not '%s'",
                             opt_name(o, name, sizeof(name)), v);
        return 0;
    case CLI_OPT_DOUBLE:
        if (cli_parse_double(v, o->target))
            return cli_usage(doc->name, "%s expects a number, not '%s'",
                             opt_name(o, name, sizeof(name)), v);
        return 0;
    case CLI_OPT_LIST: {
        cli_list *l = o->target;
        if (l->n == CLI_LIST_MAX)
            return cli_usage(doc->name, "%s is allowed at most %d times",
                             opt_name(o, name, sizeof(name)), CLI_LIST_MAX);
        l->items[l->n++] = v;
        return 0;
    }
    case CLI_OPT_FORMAT: return set_format(doc, o, v);
    case CLI_OPT_CALLBACK:
        return o->fn(o->target, doc->name, opt_name(o, name, sizeof(name)), v);
    case CLI_OPT_HELP: return CLI_HELP_SHOWN;
    default: *(int *)o->target = 1; return 0;
    }
}

static const cli_option *find_long(const parser *p, const char *arg, size_t len, int *rc)
{
    const cli_option *match = NULL;
    int nmatch = 0;
    const cli_option *tables[] = {p->opts, help_option};
    for (size_t t = 0; t < 2; t++)
        for (const cli_option *o = tables[t]; o->kind != CLI_OPT_END; o++) {
            if (!o->long_name || strncmp(o->long_name, arg, len))
                continue;
            if (strlen(o->long_name) == len)
                return o;
            match = o;
            nmatch++;
        }
    if (nmatch == 1)
        return match;
    *rc = nmatch ? cli_usage(p->doc->name, "option '--%.*s' is ambiguous", (int)len, arg)
                 : cli_usage(p->doc->name, "unknown option '--%.*s'", (int)len, arg);
    return NULL;
}

static const cli_option *find_short(const parser *p, char c)
{
    for (const cli_option *o = p->opts; o->kind != CLI_OPT_END; o++)
        if (o->short_name && o->short_name == c)
            return o;
    return c == help_option->short_name ? help_option : NULL;
}

/* "--name[=value]" at argv[*i]; advances *i past a separate value. */
static int parse_long(parser *p, int argc, char **argv, int *i)
{
    const char *arg = argv[*i] + 2, *eq = strchr(arg, '=');
    size_t len = eq ? (size_t)(eq - arg) : strlen(arg);
    int rc = 0;
    const cli_option *o = find_long(p, arg, len, &rc);
    if (!o)
        return rc;
    if (!takes_value(o)) {
        if (eq)
            return cli_usage(p->doc->name, "option '--%s' takes no value", o->long_name);
        return set_value(p, o, NULL);
    }
    if (eq)
        return set_value(p, o, eq + 1);
    if (*i + 1 >= argc)
        return cli_usage(p->doc->name, "option '--%s' needs a value", o->long_name);
    return set_value(p, o, argv[++*i]);
}

/* "-x", "-xVALUE", "-x VALUE" or bundled flags "-qx" at argv[*i]. */
static int parse_short(parser *p, int argc, char **argv, int *i)
{
    for (const char *c = argv[*i] + 1; *c; c++) {
        const cli_option *o = find_short(p, *c);
        if (!o)
            return cli_usage(p->doc->name, "unknown option '-%c'", *c);
        if (!takes_value(o)) {
            int rc = set_value(p, o, NULL);
            if (rc)
                return rc;
            continue;
        }
        if (c[1])
            return set_value(p, o, c + 1);
        if (*i + 1 >= argc)
            return cli_usage(p->doc->name, "option '-%c' needs a value", *c);
        return set_value(p, o, argv[++*i]);
    }
    return 0;
}

static int wants_help(int argc, char **argv)
{
    for (int i = 1; i < argc && strcmp(argv[i], "--"); i++)
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h"))
            return 1;
    return 0;
}

/* The first required option not given: "missing -e/--experiment". */
static int check_required(const parser *p)
{
    for (const cli_option *o = p->opts; o->kind != CLI_OPT_END; o++) {
        if (!o->required || p->seen[o - p->opts])
            continue;
        if (o->short_name && o->long_name)
            return cli_usage(p->doc->name, "missing -%c/--%s", o->short_name, o->long_name);
        char name[64];
        return cli_usage(p->doc->name, "missing %s", opt_name(o, name, sizeof(name)));
    }
    return 0;
}

int cli_parse_options(const cli_doc *doc, const cli_option *opts, int argc, char **argv,
                      int *nargs)
{
    if (wants_help(argc, argv)) {
        cli_print_help(doc, opts);
        return CLI_HELP_SHOWN;
    }
    parser p = {doc, opts, {0}};
    size_t nopts = 0;
    while (opts[nopts].kind != CLI_OPT_END)
        nopts++;
    assert(nopts <= CLI_OPTIONS_MAX && "raise CLI_OPTIONS_MAX");
    int npos = 0, rc = 0, dashdash = 0;
    for (int i = 1; i < argc && !rc; i++) {
        char *a = argv[i];
        if (dashdash || a[0] != '-' || !a[1])
            argv[1 + npos++] = a;
        else if (!strcmp(a, "--"))
            dashdash = 1;
        else if (a[1] == '-')
            rc = parse_long(&p, argc, argv, &i);
        else
            rc = parse_short(&p, argc, argv, &i);
    }
    if (rc == CLI_HELP_SHOWN)
        cli_print_help(doc, opts);
    if (!rc)
        rc = check_required(&p);
    if (rc)
        return rc;
    if (doc->max_args >= 0 && npos > doc->max_args)
        return cli_usage(doc->name, "unexpected argument '%s'", argv[1 + doc->max_args]);
    if (nargs)
        *nargs = npos;
    if (cli_safe_csv)
        lk_csv_set_safe(1);
    return cli_check_option_files(doc, opts, argv + 1, npos);
}

/* The left column of an option's help line: "  -o, --output FILE". */
static int option_label(const cli_option *o, char *buf, size_t size)
{
    int n = snprintf(buf, size, "  %c%c%s--%s", o->short_name ? '-' : ' ',
                     o->short_name ? o->short_name : ' ', o->short_name ? ", " : "  ",
                     o->long_name);
    if (o->argname)
        n += snprintf(buf + n, size - (size_t)n, " %s", o->argname);
    return n;
}

static void print_option(const cli_option *o)
{
    char label[128];
    int n = option_label(o, label, sizeof(label));
    fputs(label, stdout);
    if (n + 2 > HELP_COLUMN) {
        putchar('\n');
        n = 0;
    }
    for (const char *h = o->help; *h;) {
        const char *nl = strchr(h, '\n');
        size_t len = nl ? (size_t)(nl - h) : strlen(h);
        printf("%*s%.*s\n", HELP_COLUMN - n, "", (int)len, h);
        n = 0;
        h += len + (nl ? 1 : 0);
    }
}

void cli_print_help(const cli_doc *doc, const cli_option *opts)
{
    printf("%s\n%s\n", doc->usage, doc->purpose);
    if (doc->description)
        printf("\n%s", doc->description);
    printf("\nOptions:\n");
    for (const cli_option *o = opts; o->kind != CLI_OPT_END; o++)
        print_option(o);
    print_option(help_option);
    printf("\nExit status: 0 success, 1 usage error, 2 bad input data, "
           "3 I/O or system error,\n4 input not sorted and past the limit of ids held "
           "(LIFTKIT_MAX_IDS).\n");
    if (doc->exit_notes)
        fputs(doc->exit_notes, stdout);
    printf("\nExample:\n%s", doc->example);
}
