# forest.gp - drawn by 'liftkit plot forest' from 'reports/example/data/lift.csv'
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
set xrange [-12.0059:53.9462]
set yrange [4.6:-0.6]
set rmargin 50
set lmargin 24
set arrow 1 from first 0, graph 0 to first 0, graph 1 nohead dt 2 lw 2 lc rgb '#444444' back
set ytics scale 0 ('champion vs holdout' 0, 'new-offer vs champion' 1, 'new-offer vs holdout' 2, 'model-v2 vs champion' 3, 'model-v2 vs holdout' 4)
set label 10 '+24.2%  (95% CI +13.8% to +35.6%, p adj. < 0.001)' at graph 1.02, first 0 left textcolor rgb '#222222'
set label 11 '+10.3%  (95% CI +4.4% to +16.6%, p adj. 0.001)' at graph 1.02, first 1 left textcolor rgb '#222222'
set label 12 '+37.0%  (95% CI +25.6% to +49.4%, p adj. < 0.001)' at graph 1.02, first 2 left textcolor rgb '#222222'
set label 13 '-2.0%  (95% CI -7.5% to +3.7%, p adj. 0.48)' at graph 1.02, first 3 left textcolor rgb '#222222'
set label 14 '+21.7%  (95% CI +11.5% to +32.9%, p adj. < 0.001)' at graph 1.02, first 4 left textcolor rgb '#222222'
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
