# Names and paths that reach a chart are text, never gnuplot code: backquotes,
# system(), quotes and line breaks in the experiment's name and arm names, a
# table's arm, score and key columns, --title and the -o folder run nothing
# (the marker file is never made), and every chart still draws.  The kept
# script reruns safely too.
M="$PWD/marker"
B='`touch '"$M"'`'                   # a backquoted shell command
S='".system("touch '"$M"'")."'      # a break out of a double-quoted string
Q="'.system('touch $M').'"          # and of a single-quoted one
NL='
'
cat > exp.ini <<INI
[experiment]
name = n$B$S
salt = s
unit = customer_id
start = 2026-01-05
window = 90
products = heloc
[arm:a$B]
role = champion
weight = 50
[arm:b$Q]
role = challenger
weight = 50
INI
A1="a$B"; A2="b$Q"; A3="c$S"
q() { printf '"%s"' "$(printf '%s' "$1" | sed 's/"/""/g')"; }
{
    echo "metric,arm,role,n,value,value_lo,value_hi,vs,diff,diff_lo,diff_hi,lift,lift_lo,lift_hi,p_value,p_adjusted,test,prob_better,expected_loss,srm_p"
    echo "response_target,$(q "$A1"),champion,100,0.1,0.05,0.17,,,,,,,,,,,,,0.5"
    echo "response_target,$(q "$A2"),challenger,100,0.12,0.07,0.2,$(q "$A1"),0.02,-0.06,0.1,0.2,-0.4,1.1,0.7,0.7,z,0.65,0.02,0.5"
    echo "response_target,$(q "$A3$NL$B"),challenger,100,0.13,0.07,0.2,$(q "$A1"),0.03,-0.06,0.1,0.3,-0.4,1.1,0.7,0.7,z,0.65,0.02,0.5"
} > lift.csv
{
    echo "arm,day,n,responders,rate"
    for a in "$A1" "$A2" "$A3$NL$B"; do
        echo "$(q "$a"),0,100,0,0"; echo "$(q "$a"),10,100,5,0.05"
    done
} > accrual.csv
{
    echo "score,n,fraction,qini,uplift"
    echo "$(q "$A3$NL$Q"),0,0,0,0"; echo "$(q "$A3$NL$Q"),10,1,2.5,0.1"
} > qini.csv
{
    echo "by,key,response,openings,credit"
    echo "channel,$(q "$A2$NL$B"),direct,5,5"; echo "product,$(q "$S"),halo,2,2"
} > mix.csv
OUT="o$NL$B$Q"
for k in rate forest accrual qini mix; do
    t=lift.csv; [ "$k" = rate ] || [ "$k" = forest ] || t=$k.csv
    for title in "" "t$B$S$Q$NL$B"; do
        if [ -n "$title" ]; then run plot $k $t -e exp.ini -o "$OUT" --title "$title"
        else run plot $k "$PWD/$t" -e exp.ini -o "$OUT"; fi
        expect_rc 0
        [ -s "$OUT/$k.png" ] && [ -s "$OUT/$k.svg" ] || fail "$k drew no chart"
        expect_absent "$M"
    done
    (cd "$OUT" && gnuplot $k.gp) >/dev/null 2>&1 || fail "$k.gp does not rerun"
    expect_absent "$M"
done
# The script's comment names the table on one line: a line break in its
# path cannot start a command.
D="d$NL""system('touch m')"
mkdir "$D" && cp lift.csv "$D/lift.csv"
run plot rate "$PWD/$D/lift.csv" -o c
expect_rc 0
(cd c && gnuplot rate.gp) >/dev/null 2>&1 || fail "rate.gp does not rerun"
expect_absent c/m
# The names are drawn as written.
grep -qF "system(" "$OUT/rate.svg" || fail "an arm name is not drawn as written"
