#!/bin/sh
# Helpers for end-to-end CLI cases.  Each case in tests/cli/cases/*.sh runs
# in a fresh empty directory with $LIFTKIT (the binary), $ROOT (the project)
# and $DATA (tests/data) set, and passes by exiting 0.  Typical case:
#
#   run assign -e "$DATA/exp.ini" "$DATA/customers-bad.csv"
#   expect_rc 2
#   expect_err "customers-bad.csv:3:2: invalid"
#
# Where the output is deterministic, compare all of it: expect_file out
# table.csv compares stdout with tests/cli/expected/<case>/table.csv.
set -u
DATA="$ROOT/tests/data"

fail() { echo "FAIL: $*"; exit 1; }

# run ARGS...: run liftkit, keeping stdout in ./out, stderr in ./err, status in $RC
run() {
    "$LIFTKIT" "$@" >out 2>err
    RC=$?
    return 0
}
expect_rc() {
    [ "$RC" -eq "$1" ] || { echo "stderr:"; cat err; fail "exit status $RC, expected $1"; }
}
expect_err() {
    grep -qF -- "$1" err || { echo "stderr:"; cat err; fail "stderr lacks '$1'"; }
}
expect_out() {
    grep -qF -- "$1" out || { echo "stdout:"; head -n 20 out; fail "stdout lacks '$1'"; }
}
expect_same() { # expect_same FILE EXPECTED
    cmp -s "$1" "$2" || { diff -u "$2" "$1" | head -n 40; fail "$1 differs from $2"; }
}
expect_absent() {
    [ ! -e "$1" ] || fail "'$1' exists but should not"
}

# expect_file FILE NAME: FILE equals tests/cli/expected/<case>/NAME, where
# <case> is this case's name, once every mention of this project's folder
# in FILE is written '$ROOT' (so that messages naming files of tests/data
# compare on any machine).  A difference prints a unified diff.  With
# LIFTKIT_BLESS=1 the expected file is written instead: check what it says
# by eye, or against the case's reference, before committing it.
CASE=$(basename "$1" .sh)
EXPECTED="$ROOT/tests/cli/expected/$CASE"
ROOT_RE=$(printf '%s\n' "$ROOT" | sed 's/[]\/$*.^[]/\\&/g')
expect_file() {
    sed "s/$ROOT_RE/\$ROOT/g" "$1" > "$1.got"
    if [ "${LIFTKIT_BLESS:-0}" = 1 ]; then
        mkdir -p "$EXPECTED" && cp "$1.got" "$EXPECTED/$2"
        return 0
    fi
    [ -f "$EXPECTED/$2" ] || fail "no expected file tests/cli/expected/$CASE/$2"
    diff -u "$EXPECTED/$2" "$1.got" > "$1.diff" ||
        { head -n 40 "$1.diff"; fail "$1 differs from tests/cli/expected/$CASE/$2"; }
}
# note LABEL: add the last run's exit status, stdout and stderr to ./transcript,
# for one expect_file over a series of runs (error messages, mostly)
note() {
    { echo "== $1: exit $RC"; cat out err; } >> transcript
}
# skip REASON: this case cannot run here (a tool missing, no network); run.sh
# counts it as skipped, not failed, and prints the reason.
skip() { echo "SKIP: $*"; exit 77; }

# run_note ARGS...: run liftkit with ARGS and note the run under them
run_note() {
    run "$@"
    note "$*"
}

# card_experiment NAME WINDOW: exp.ini with the arms champion, new (challenger)
# and ctl (control), each of weight 1, and a card worth 100; lines on
# standard input (a [cost] section) are appended.
card_experiment() {
    printf '[experiment]\nname = %s\nstart = 2026-01-05\nwindow = %s\nproducts = card\n' \
        "$1" "$2" > exp.ini
    for a in champion:champion new:challenger ctl:control; do
        printf '[arm:%s]\nrole = %s\nweight = 1\n' "${a%%:*}" "${a#*:}" >> exp.ini
    done
    printf '[value]\ncard = 100\n' >> exp.ini
    cat >> exp.ini
}

# card_assignments N NAME: a.csv of experiment NAME for customers c0000..c(N-1),
# in card_experiment's arms in turn
card_assignments() {
    awk -v n="$1" -v x="$2" 'BEGIN { print "customer_id,unit_id,experiment,arm,role,bucket,stratum"
        split("champion,new,ctl", arm, ","); split("champion,challenger,control", role, ",")
        for (i = 0; i < n; i++)
            printf "c%04d,c%04d,%s,%s,%s,%d,\n", i, i, x, arm[i % 3 + 1], role[i % 3 + 1], i }' > a.csv
}

# lift_no_caps FILE: a lift table (csv, json or md) without its cap and n_capped
# cells, which a summary does not carry (its sums are capped already)
lift_no_caps() {
    case "$1" in
    *.csv) cut -d, -f1-20,23- "$1" ;;
    *.json) sed 's/"cap": [^,]*, "n_capped": [^,]*, //' "$1" ;;
    *) sed 's/cap [0-9.]*, [0-9]* units capped\(; \)\{0,1\}//' "$1" ;;
    esac
}

# summary_like_raw EXP ARGS...: lift of EXP on ARGS (raw inputs) writes
# sums.csv with --write-summary, and the same table as without it; then in
# csv, json and md, the raw table (raw.F) and that of lift --summary sums.csv
# (summary.F) are the same apart from the caps
summary_like_raw() {
    exp=$1
    shift
    run lift -e "$exp" "$@" --write-summary sums.csv -o with-summary.csv
    expect_rc 0
    for f in csv json md; do
        run lift -e "$exp" "$@" -f $f -o raw.$f
        expect_rc 0
        run lift -e "$exp" --summary sums.csv -f $f -o summary.$f
        expect_rc 0
        lift_no_caps raw.$f > raw-nocap.$f
        lift_no_caps summary.$f > summary-nocap.$f
        expect_same summary-nocap.$f raw-nocap.$f
    done
    expect_same with-summary.csv raw.csv
}

. "$1"
