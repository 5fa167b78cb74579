# Every chart kind draws from its table: four files per kind, real PNG and SVG.
for k in rate forest accrual mix power qini; do
    table="$DATA/plot/$k.csv"
    [ "$k" = rate ] || [ "$k" = forest ] && table="$DATA/plot/lift.csv"
    run plot "$k" "$table" -o charts -e "$ROOT/experiments/heloc-spring-2026.ini"
    expect_rc 0
    expect_out "charts/$k.png"
    for ext in csv gp png svg; do
        [ -s "charts/$k.$ext" ] || fail "charts/$k.$ext missing or empty"
    done
    head -c 8 "charts/$k.png" | od -An -tx1 | grep -q "89 50 4e 47 0d 0a 1a 0a" ||
        fail "charts/$k.png is not a PNG"
    grep -q "<svg" "charts/$k.svg" || fail "charts/$k.svg is not SVG"
    grep -q "'$k.csv'" "charts/$k.gp" || fail "charts/$k.gp does not read $k.csv"
done
# The script reruns by itself in its folder, as the help promises.
(cd charts && rm rate.png && gnuplot rate.gp) || fail "rate.gp does not rerun"
[ -s charts/rate.png ] || fail "rerun wrote no rate.png"
# Without an experiment file the chart is still drawn (roles from the table).
run plot forest "$DATA/plot/lift.csv"
expect_rc 0
[ -s forest.png ] || fail "default folder is not the current one"
