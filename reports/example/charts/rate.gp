# rate.gp - drawn by 'liftkit plot rate' from 'reports/heloc-spring-2026/data/lift.csv'
# Reads rate.csv beside it; rerun after editing with: gnuplot rate.gp
set datafile separator comma
set encoding utf8
set border 3 lw 1.2 lc rgb '#555555'
set tics nomirror out scale 0.6 textcolor rgb '#333333'
set grid lw 1 lc rgb '#e3e3e3'
set key noenhanced textcolor rgb '#333333' spacing 1.3
set style fill solid 0.9 noborder
set pointintervalbox 0
set title font ',17' textcolor rgb '#222222'
set title 'Target response rate by arm, with 95% CI (heloc-spring-2026)'
set ylabel 'Response rate (%)'
set xlabel 'Arm (n = units assigned)' offset 0,-0.6
set bmargin 5.5
unset key
set grid noxtics ytics
set yrange [0:*]
set offsets 0, 0, graph 0.12, 0
set boxwidth 0.62
set xrange [-0.6:3.4]
set xtics scale 0 ('champion'."\n".'n = 48,888' 0, 'new-offer'."\n".'n = 48,886' 1, 'model-v2'."\n".'n = 48,887' 2, 'holdout'."\n".'n = 16,295' 3)
scale = 100
do for [fmt in "png svg"] {
  if (fmt eq "png") {
    set terminal pngcairo size 1000,600 font 'DejaVu Sans,13' noenhanced background rgb 'white'
  } else {
    set terminal svg size 1000,600 dynamic font 'DejaVu Sans,13' noenhanced background rgb 'white'
  }
  set output 'rate.'.fmt
  plot \
    'rate.csv' skip 1 using ($1 == 0 ? $1 : 1/0):($5 * scale) with boxes lc rgb '#0072B2', \
    'rate.csv' skip 1 using ($1 == 1 ? $1 : 1/0):($5 * scale) with boxes lc rgb '#E69F00', \
    'rate.csv' skip 1 using ($1 == 2 ? $1 : 1/0):($5 * scale) with boxes lc rgb '#009E73', \
    'rate.csv' skip 1 using ($1 == 3 ? $1 : 1/0):($5 * scale) with boxes lc rgb '#8C8C8C', \
    'rate.csv' skip 1 using 1:($5 * scale):($6 * scale):($7 * scale) with yerrorbars pt 7 ps 0.6 lw 2 lc rgb '#333333', \
    'rate.csv' skip 1 using 1:((valid(7) ? $7 : $5) * scale):(sprintf(scale == 100 ? '%.2f%%' : '%.2f', $5 * scale)) with labels offset 0, 1 font ',14' textcolor rgb '#222222'
  unset output
}
