# Every command's --help is one page built from its option table: the same
# parts in the same order (usage, purpose, options, exit status, example),
# the same text for -h, --help and 'liftkit help CMD', nothing on stderr.
for c in simulate power assign attribute lift roi contacts uplift plot report sql; do
    run "$c" --help
    expect_rc 0
    expect_file out "$c-help.txt"
    [ ! -s err ] || fail "$c --help wrote to stderr"
    cp out page
    run help "$c"
    expect_same out page
    run "$c" -e x.ini -h
    expect_same out page
    # headings in order, and the page ends with the example
    awk '/^usage: /{u=NR} /^Options:$/{o=NR} /^Exit status: /{x=NR} /^Example:$/{e=NR}
         END{exit !(u==1 && u<o && o<x && x<e && NR>e)}' page ||
        fail "$c --help: headings out of order"
    tail -n +"$(grep -n '^Example:$' page | cut -d: -f1)" page | grep -q "^  liftkit $c " ||
        fail "$c --help: the example is not a '$c' command"
    for o in "  -h, --help              show this help"; do
        grep -qxF -- "$o" page || fail "$c --help lacks '$o'"
    done
done
