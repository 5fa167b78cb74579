# power.gp - drawn by 'liftkit plot power' from 'reports/heloc-spring-2026/data/power.csv'
# Reads power.csv beside it; rerun after editing with: gnuplot power.gp
set datafile separator comma
set encoding utf8
set border 3 lw 1.2 lc rgb '#555555'
set tics nomirror out scale 0.6 textcolor rgb '#333333'
set grid lw 1 lc rgb '#e3e3e3'
set key noenhanced textcolor rgb '#333333' spacing 1.3
set style fill solid 0.9 noborder
set pointintervalbox 0
set title font ',17' textcolor rgb '#222222'
set title 'Power of the test by true lift (heloc-spring-2026)'
set key bottom right box lc rgb '#cccccc' opaque
set xlabel 'True relative lift (%)'
set ylabel 'Power (%)'
set yrange [0:100]
set xrange [*:*]
set format x '%+.0f%%'
set arrow 1 from graph 0, first 80 to graph 1, first 80 nohead dt 2 lw 1.5 lc rgb '#444444'
set label 1 '80% power' at graph 0.01, first 80 offset 0, 0.8 textcolor rgb '#444444'
do for [fmt in "png svg"] {
  if (fmt eq "png") {
    set terminal pngcairo size 1000,600 font 'DejaVu Sans,13' noenhanced background rgb 'white'
  } else {
    set terminal svg size 1000,600 dynamic font 'DejaVu Sans,13' noenhanced background rgb 'white'
  }
  set output 'power.'.fmt
  plot \
    'power.csv' skip 1 using ($1 == 0 ? ($3 / $2 - 1) * 100 : 1/0):($7 * 100) with linespoints pt 7 ps 0.8 lw 2.5 lc rgb '#0072B2' title '97,774 households, baseline 4.56%'
  unset output
}
