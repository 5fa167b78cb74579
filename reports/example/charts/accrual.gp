# accrual.gp - drawn by 'liftkit plot accrual' from 'reports/heloc-spring-2026/data/accrual.csv'
# Reads accrual.csv beside it; rerun after editing with: gnuplot accrual.gp
set datafile separator comma
set encoding utf8
set border 3 lw 1.2 lc rgb '#555555'
set tics nomirror out scale 0.6 textcolor rgb '#333333'
set grid lw 1 lc rgb '#e3e3e3'
set key noenhanced textcolor rgb '#333333' spacing 1.3
set style fill solid 0.9 noborder
set pointintervalbox 0
set title font ',17' textcolor rgb '#222222'
set title 'Response accrual: cumulative target response rate by day (heloc-spring-2026)'
set key top left box lc rgb '#cccccc' opaque
set xlabel 'Days since campaign start'
set ylabel 'Cumulative response rate (%)'
set xrange [0:*]
set yrange [0:*]
do for [fmt in "png svg"] {
  if (fmt eq "png") {
    set terminal pngcairo size 1000,600 font 'DejaVu Sans,13' noenhanced background rgb 'white'
  } else {
    set terminal svg size 1000,600 dynamic font 'DejaVu Sans,13' noenhanced background rgb 'white'
  }
  set output 'accrual.'.fmt
  plot \
    'accrual.csv' skip 1 using ($1 == 0 ? $3 : 1/0):($6 * 100) with steps lw 3 lc rgb '#0072B2' title 'champion', \
    'accrual.csv' skip 1 using ($1 == 1 ? $3 : 1/0):($6 * 100) with steps lw 3 lc rgb '#E69F00' title 'new-offer', \
    'accrual.csv' skip 1 using ($1 == 2 ? $3 : 1/0):($6 * 100) with steps lw 3 lc rgb '#009E73' title 'model-v2', \
    'accrual.csv' skip 1 using ($1 == 3 ? $3 : 1/0):($6 * 100) with steps lw 3 lc rgb '#8C8C8C' title 'holdout'
  unset output
}
