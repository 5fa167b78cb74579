# Headless Chromium opens the report: every image loads, the verdict and the
# tables are there; a screenshot is kept in build/test-artifacts/.  The
# report itself has no scripts: a test-only page outside it loads it in a
# frame and counts what loaded.  A copy with one image removed proves the
# check can fail.  At 420 px (a phone) no table may run past the page, and
# the page prints to PDF.
command -v chromium >/dev/null 2>&1 || skip "chromium not installed"
T="$DATA/report"
run report -e "$T/exp.ini" --lift-table "$T/lift.csv" --roi-table "$T/roi.csv" \
    --accrual-table "$DATA/plot/accrual.csv" --mix-table "$DATA/plot/mix.csv" \
    --power-table "$DATA/plot/power.csv" -o rep
expect_rc 0
cp -R rep broken
rm broken/charts/mix.png

browse() { # browse OUTFILE ARGS...: chromium with no network, profile or stdin
    out=$1
    shift
    profile=$(mktemp -d)
    timeout 120 chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
        --disable-background-networking --disable-component-update --disable-sync \
        --disable-dev-shm-usage --hide-scrollbars --user-data-dir="$profile" "$@" \
        </dev/null >"$out" 2>chromium.log
    rc=$?
    rm -rf "$profile"
    return $rc
}
check_page() { # check_page FOLDER [WIDTH]: write check-FOLDER.html and print its result line
    cat >"check-$1.html" <<HTML
<!DOCTYPE html><html><body style="margin:0"><iframe id="f" src="$1/index.html" width="${2:-1280}" height="3000" style="border:0"></iframe>
<pre id="result">pending</pre>
<script>
document.getElementById('f').onload = function () {
  var d = this.contentDocument, imgs = d.images, bad = [], over = 0;
  var w = d.documentElement.clientWidth, tables = d.querySelectorAll('table, img');
  for (var i = 0; i < imgs.length; i++)
    if (!imgs[i].complete || imgs[i].naturalWidth === 0) bad.push(imgs[i].getAttribute('src'));
  for (var i = 0; i < tables.length; i++)
    if (tables[i].getBoundingClientRect().right > w + 1) over++;
  if (d.documentElement.scrollWidth > w + 1) over++;
  document.getElementById('result').textContent = 'images=' + imgs.length +
    ' broken=' + bad.length + ' verdicts=' + d.querySelectorAll('section.verdict li').length +
    ' tables=' + d.querySelectorAll('table').length +
    ' h1=' + d.querySelectorAll('h1').length + ' overflow=' + over + ' ' + bad.join(' ');
};
</script></body></html>
HTML
    browse dom.html --allow-file-access-from-files --virtual-time-budget=10000 \
        --dump-dom "file://$PWD/check-$1.html" || { cat chromium.log; fail "chromium failed"; }
    sed -n 's/.*<pre id="result">\(.*\)<\/pre>.*/\1/p' dom.html
}
got=$(check_page rep)
echo "report: $got"
case "$got" in
"images=5 broken=0 verdicts=4 tables=4 h1=1 overflow=0 ") ;;
*) fail "report page check: '$got'" ;;
esac
got=$(check_page broken)
echo "broken copy: $got"
case "$got" in
*"broken=1 "*"charts/mix.png"*) ;;
*) fail "the check did not notice a missing image: '$got'" ;;
esac
# On a phone: tables scroll inside themselves and charts scale, so nothing
# runs past a 420 px page.  A copy whose lift table cannot scroll proves
# the check can fail.
got=$(check_page rep 420)
echo "at 420 px: $got"
case "$got" in
*"broken=0 "*"overflow=0 "*) ;;
*) fail "the report does not fit 420 px: '$got'" ;;
esac
cp -R rep wide
sed 's/table{display:block;overflow-x:auto;max-width:100%;white-space:nowrap}/table{white-space:nowrap}/' \
    rep/index.html >wide/index.html
got=$(check_page wide 420)
case "$got" in
*"overflow=0 "*) fail "the 420 px check did not notice a table running off the page: '$got'" ;;
esac
# Print: a PDF of more than one page.
browse pdf.log --print-to-pdf="$PWD/report.pdf" --no-pdf-header-footer "file://$PWD/rep/index.html" ||
    { cat chromium.log; fail "chromium could not print the report"; }
head -c 5 report.pdf | grep -q '%PDF-' || fail "the print is not a PDF"
[ "$(grep -ac '/Type */Page\b' report.pdf)" -ge 2 ] || fail "the print has fewer than two pages"
# The screenshot: a real PNG of some size.
art="$ROOT/build/test-artifacts"
mkdir -p "$art"
browse shot.log --screenshot="$art/report.png" --window-size=1280,4000 "file://$PWD/rep/index.html" ||
    { cat chromium.log; fail "chromium screenshot failed"; }
head -c 4 "$art/report.png" | od -An -tx1 | grep -q "89 50 4e 47" || fail "screenshot is not a PNG"
[ "$(wc -c <"$art/report.png")" -gt 50000 ] || fail "screenshot is nearly empty"
