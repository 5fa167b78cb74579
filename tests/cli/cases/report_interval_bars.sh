# The lift tables of the page draw each comparison's relative-lift interval
# as a small bar against the zero line, on one scale per table: from the
# lowest bound (or zero) to the highest, widened by 5% of the span each
# side.  tests/data/report/lift.csv, target response: bounds -0.04 .. 0.75,
# so the scale is -0.0795 .. 0.7895 and model-v2 (+3.6%, -4.0% to +11.0%)
# sits at zero 9.1%, from 4.5% for 17.3%, point 13.3%:
# /usr/bin/python3 -c "lo=-0.04-0.79*0.05; hi=0.75+0.79*0.05; f=lambda v: 100*(v-lo)/(hi-lo);
#   print('%.1f %.1f %.1f %.1f' % (f(0), f(-0.04), f(0.11) - f(-0.04), f(0.036)))"
# The Markdown has no bars; a row without a comparison has no bar.
T="$DATA/report"
run report -e "$T/exp.ini" --lift-table "$T/lift.csv" -o rep
expect_rc 0
h=rep/index.html
[ "$(grep -o 'class="ci"' $h | wc -l)" -eq 4 ] || fail "expected 4 bars, one per comparison"
grep -qF '<td class="num">+3.6% (-4.0% to +11.0%)<span class="ci" aria-hidden="true"><span class="ci-zero" style="left:9.1%"></span><span class="ci-range" style="left:4.5%;width:17.3%"></span><span class="ci-point" style="left:13.3%"></span></span></td>' $h ||
    fail "model-v2's bar is not where the scale puts it"
grep -qF '<td class="num up">+18.0% (+9.0% to +27.0%)<span class="ci"' $h ||
    fail "a significant gain's bar is not in its green cell"
grep -q 'ci-range' rep/report.md && fail "bars in the Markdown"
grep -qF '.ci .ci-range{' $h || fail "no style for the bars"
exit 0
