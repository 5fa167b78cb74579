# forest.gp - drawn by 'liftkit plot forest' from 'reports/heloc-spring-2026/data/lift.csv'
# Reads forest.csv beside it; rerun after editing with: gnuplot forest.gp
set datafile separator comma
set encoding utf8
set border 3 lw 1.2 lc rgb '#555555'
set tics nomirror out scale 0.6 textcolor rgb '#333333'
set grid lw 1 lc rgb '#e3e3e3'
set key noenhanced textcolor rgb '#333333' spacing 1.3
set style fill solid 0.9 noborder
set pointintervalbox 0
set title font ',17' textcolor rgb '#222222'
set title 'Relative lift in target response, with 95% CI (heloc-spring-2026)'
unset key
set grid xtics noytics
set border 1
set xlabel 'Relative lift (%)'
set xrange [-10.2273:69.0915]
set yrange [4.6:-0.6]
set rmargin 50
set lmargin 24
set arrow 1 from first 0, graph 0 to first 0, graph 1 nohead dt 2 lw 2 lc rgb '#444444' back
set ytics scale 0 ('champion vs holdout' 0, 'new-offer vs champion' 1, 'new-offer vs holdout' 2, 'model-v2 vs champion' 3, 'model-v2 vs holdout' 4)
set label 10 '+16.5%  (95% CI +6.9% to +27.0%, p adj. < 0.001)' at graph 1.02, first 0 left textcolor rgb '#222222'
set label 11 '+29.1%  (95% CI +22.3% to +36.3%, p adj. < 0.001)' at graph 1.02, first 1 left textcolor rgb '#222222'
set label 12 '+50.4%  (95% CI +38.3% to +63.6%, p adj. < 0.001)' at graph 1.02, first 2 left textcolor rgb '#222222'
set label 13 '+0.9%  (95% CI -4.8% to +6.8%, p adj. 0.77)' at graph 1.02, first 3 left textcolor rgb '#222222'
set label 14 '+17.5%  (95% CI +7.8% to +28.1%, p adj. < 0.001)' at graph 1.02, first 4 left textcolor rgb '#222222'
do for [fmt in "png svg"] {
  if (fmt eq "png") {
    set terminal pngcairo size 1200,510 font 'DejaVu Sans,13' noenhanced background rgb 'white'
  } else {
    set terminal svg size 1200,510 dynamic font 'DejaVu Sans,13' noenhanced background rgb 'white'
  }
  set output 'forest.'.fmt
  plot \
    'forest.csv' skip 1 using ($1 == 0 ? $6 * 100 : 1/0):1:($7 * 100):($8 * 100) with xerrorbars pt 7 ps 1.8 lw 2.5 lc rgb '#0072B2', \
    'forest.csv' skip 1 using ($1 == 1 ? $6 * 100 : 1/0):1:($7 * 100):($8 * 100) with xerrorbars pt 7 ps 1.8 lw 2.5 lc rgb '#E69F00', \
    'forest.csv' skip 1 using ($1 == 2 ? $6 * 100 : 1/0):1:($7 * 100):($8 * 100) with xerrorbars pt 7 ps 1.8 lw 2.5 lc rgb '#E69F00', \
    'forest.csv' skip 1 using ($1 == 3 ? $6 * 100 : 1/0):1:($7 * 100):($8 * 100) with xerrorbars pt 7 ps 1.8 lw 2.5 lc rgb '#009E73', \
    'forest.csv' skip 1 using ($1 == 4 ? $6 * 100 : 1/0):1:($7 * 100):($8 * 100) with xerrorbars pt 7 ps 1.8 lw 2.5 lc rgb '#009E73'
  unset output
}
