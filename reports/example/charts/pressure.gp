# pressure.gp - drawn by 'liftkit plot pressure' from 'reports/heloc-spring-2026/data/contacts-histogram.csv'
# Reads pressure.csv beside it; rerun after editing with: gnuplot pressure.gp
set datafile separator comma
set encoding utf8
set border 3 lw 1.2 lc rgb '#555555'
set tics nomirror out scale 0.6 textcolor rgb '#333333'
set grid lw 1 lc rgb '#e3e3e3'
set key noenhanced textcolor rgb '#333333' spacing 1.3
set style fill solid 0.9 noborder
set pointintervalbox 0
set title font ',17' textcolor rgb '#222222'
set title 'Contact pressure: households by contacts per household (heloc-spring-2026)'
set key top right box lc rgb '#cccccc' opaque
set grid noxtics ytics
set style fill solid 0.85 noborder
set boxwidth 0.2000 absolute
set xlabel 'Contacts per household'
set ylabel 'Share of the arm''s households (%)'
set xrange [-0.6:13.6]
set yrange [0:*]
set xtics 1
do for [fmt in "png svg"] {
  if (fmt eq "png") {
    set terminal pngcairo size 1000,600 font 'DejaVu Sans,13' noenhanced background rgb 'white'
  } else {
    set terminal svg size 1000,600 dynamic font 'DejaVu Sans,13' noenhanced background rgb 'white'
  }
  set output 'pressure.'.fmt
  plot \
    'pressure.csv' skip 1 using ($1 == 0 ? $3 + (-0.3000) : 1/0):($5 * 100) with boxes lc rgb '#0072B2' title 'champion', \
    'pressure.csv' skip 1 using ($1 == 1 ? $3 + (-0.1000) : 1/0):($5 * 100) with boxes lc rgb '#E69F00' title 'new-offer', \
    'pressure.csv' skip 1 using ($1 == 2 ? $3 + (0.1000) : 1/0):($5 * 100) with boxes lc rgb '#009E73' title 'model-v2', \
    'pressure.csv' skip 1 using ($1 == 3 ? $3 + (0.3000) : 1/0):($5 * 100) with boxes lc rgb '#8C8C8C' title 'holdout'
  unset output
}
