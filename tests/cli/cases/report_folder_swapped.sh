# The report folder is built beside its target and swapped in whole: a
# re-run that fails (gnuplot missing or failing, a signal) leaves the old
# report exactly as it was and nothing new beside it; a folder that holds
# anything a report does not write is never replaced.
E="$DATA/report/exp.ini"
sums() { find "$1" -type f | LC_ALL=C sort | xargs md5sum; }
leftovers() { ls -A | grep '\.tmp\.' || true; }
run report -e "$E" --lift-table "$DATA/report/lift.csv" --roi-table "$DATA/report/roi.csv" -o rep
expect_rc 0
[ -s rep/index.html ] && [ -s rep/charts/rate.png ] || fail "no first report"
sums rep >before
# gnuplot missing: the first chart fails
PATH=/nonexistent "$LIFTKIT" report -e "$E" --lift-table "$DATA/report/lift-srm.csv" -o rep \
    >out 2>err
RC=$?
expect_rc 3
sums rep >after
expect_same after before
[ -z "$(leftovers)" ] || fail "left beside the report: $(leftovers)"
# gnuplot that draws the first chart, then fails (charts are drawn two at a
# time: mkdir decides which one is first)
mkdir bin
cat >bin/gnuplot <<'GP'
#!/bin/sh
mkdir "$OLDPWD/drawn" 2>/dev/null || { echo "no more charts" >&2; exit 1; }
exec "$REAL_GNUPLOT" "$@"
GP
chmod +x bin/gnuplot
REAL_GNUPLOT=$(command -v gnuplot) OLDPWD=$PWD PATH="$PWD/bin:$PATH" "$LIFTKIT" report \
    -e "$E" --lift-table "$DATA/report/lift-srm.csv" -o rep >out 2>err
RC=$?
expect_rc 3
expect_err "no more charts"
[ -e drawn ] || fail "the fake gnuplot was not run"
sums rep >after
expect_same after before
[ -z "$(leftovers)" ] || fail "left beside the report: $(leftovers)"
# A signal while the charts are drawn: the old report stays, nothing new.
for sig in INT TERM; do
    printf '#!/bin/sh\nexec sleep 5\n' >bin/gnuplot
    PATH="$PWD/bin:$PATH" "$LIFTKIT" report -e "$E" --lift-table "$DATA/report/lift-srm.csv" \
        -o rep >out 2>err &
    pid=$!
    sleep 1
    kill -$sig $pid
    wait $pid
    st=$?
    [ $st -gt 128 ] || fail "SIG$sig: exit status $st, expected death by the signal"
    sums rep >after
    expect_same after before
    [ -z "$(leftovers)" ] || fail "SIG$sig left beside the report: $(leftovers)"
done
# A successful re-run replaces the whole folder: data/roi.csv of the first
# run does not stay beside the new index.html.
run report -e "$E" --lift-table "$DATA/report/lift-srm.csv" -o rep
expect_rc 0
expect_absent rep/data/roi.csv
grep -qF 'arm sizes do not match' rep/index.html || fail "the new report is not in place"
[ -z "$(leftovers)" ] || fail "left beside the report: $(leftovers)"
# The chart scripts name the tables under the folder's own name.
head -n 1 rep/charts/rate.gp | grep -qF "from 'rep/data/lift.csv'" ||
    fail "rate.gp names $(head -n 1 rep/charts/rate.gp)"
# Through a link, the folder linked to is replaced and the link kept.
ln -s rep link
run report -e "$E" --lift-table "$DATA/report/lift.csv" -o link
expect_rc 0
[ -L link ] || fail "the link was replaced"
[ -s rep/data/lift.csv ] && cmp -s rep/data/lift.csv "$DATA/report/lift.csv" ||
    fail "the folder linked to was not replaced"
# A folder holding other files, a file, the current folder: refused, untouched.
mkdir mine && echo keep >mine/notes.txt
run report -e "$E" --lift-table "$DATA/report/lift.csv" -o mine
expect_rc 1
expect_err "'mine' holds 'notes.txt', which this command does not write"
[ "$(cat mine/notes.txt)" = keep ] && [ "$(ls -A mine)" = notes.txt ] || fail "mine was changed"
echo x >afile
run report -e "$E" --lift-table "$DATA/report/lift.csv" -o afile
expect_rc 1
expect_err "'afile' is not a folder"
mkdir -p empty/sub && cd empty/sub
run report -e "$E" --lift-table "$DATA/report/lift.csv" -o ..
expect_rc 1
expect_err "the current folder is in it"
cd ../..
[ -d empty/sub ] || fail "the folder above was replaced"
[ -z "$(leftovers)" ] || fail "left: $(leftovers)"
