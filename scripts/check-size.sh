#!/bin/sh
# check-size.sh [DIR]: the house's size rules over the C sources below DIR
# (default src/): no file over 900 lines, no function over 80 lines.  A
# function is counted from the line of its opening brace, alone at the
# start of a line as every definition here has it, to its closing brace at
# the start of a line, both included.  Prints each file or function over
# its limit and exits 1 when there is one; prints the largest of each and
# exits 0 otherwise.
set -u
DIR=${1:-src}
MAX_FILE=900
MAX_FUNCTION=80
files=$(find "$DIR" -name '*.[ch]' | sort)
[ -n "$files" ] || { echo "check-size: no C files below '$DIR'"; exit 1; }
# shellcheck disable=SC2086
awk -v max_file="$MAX_FILE" -v max_fn="$MAX_FUNCTION" '
    function end_file() {
        if (FILENAME_PREV == "")
            return
        if (lines > max_file) {
            printf "%s: %d lines (at most %d)\n", FILENAME_PREV, lines, max_file
            bad = 1
        }
        if (lines > top_file) { top_file = lines; top_file_at = FILENAME_PREV }
    }
    FNR == 1 { end_file(); FILENAME_PREV = FILENAME; lines = 0; start = 0 }
    { lines++ }
    /^\{/ { start = FNR; name = prev }
    /^\}/ && start {
        n = FNR - start + 1
        if (n > max_fn) {
            printf "%s:%d: %s: %d lines (at most %d)\n", FILENAME, start, name, n, max_fn
            bad = 1
        }
        if (n > top_fn) { top_fn = n; top_fn_at = FILENAME ":" start " " name }
        start = 0
    }
    { if ($0 !~ /^[ \t]*$/) prev = $0 }
    END {
        end_file()
        if (!bad)
            printf "check-size: largest file %s (%d lines), longest function %s (%d lines)\n",
                   top_file_at, top_file, top_fn_at, top_fn
        exit bad
    }
' $files
