# qini.gp - drawn by 'liftkit plot qini' from 'reports/heloc-spring-2026/data/.qini-curve.csv'
# Reads qini.csv beside it; rerun after editing with: gnuplot qini.gp
set datafile separator comma
set encoding utf8
set border 3 lw 1.2 lc rgb '#555555'
set tics nomirror out scale 0.6 textcolor rgb '#333333'
set grid lw 1 lc rgb '#e3e3e3'
set key noenhanced textcolor rgb '#333333' spacing 1.3
set style fill solid 0.9 noborder
set pointintervalbox 0
set title font ',17' textcolor rgb '#222222'
set title 'Qini curves by model score (heloc-spring-2026)'
set key bottom right box lc rgb '#cccccc' opaque
set xlabel 'Households targeted, highest score first (%)'
set ylabel 'Incremental responders (Qini)'
set xrange [0:100]
set arrow 1 from 0, 0 to 100, 315.8827248 nohead dt 3 lw 2 lc rgb '#0072B2'
set arrow 2 from 0, 0 to 100, 315.8827248 nohead dt 3 lw 2 lc rgb '#E69F00'
do for [fmt in "png svg"] {
  if (fmt eq "png") {
    set terminal pngcairo size 1000,600 font 'DejaVu Sans,13' noenhanced background rgb 'white'
  } else {
    set terminal svg size 1000,600 dynamic font 'DejaVu Sans,13' noenhanced background rgb 'white'
  }
  set output 'qini.'.fmt
  plot \
    'qini.csv' skip 1 using ($1 == 0 ? $4 * 100 : 1/0):5 with lines lw 3 lc rgb '#0072B2' title 'score_v1', \
    'qini.csv' skip 1 using ($1 == 1 ? $4 * 100 : 1/0):5 with lines lw 3 lc rgb '#E69F00' title 'score_v2', \
    keyentry with lines dt 3 lw 2 lc rgb '#666666' title 'random targeting (dotted)'
  unset output
}
