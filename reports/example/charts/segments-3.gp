# segments-3.gp - drawn by 'liftkit plot segments' from 'reports/heloc-spring-2026/data/segments.csv'
# Reads segments-3.csv beside it; rerun after editing with: gnuplot segments-3.gp
set datafile separator comma
set encoding utf8
set border 3 lw 1.2 lc rgb '#555555'
set tics nomirror out scale 0.6 textcolor rgb '#333333'
set grid lw 1 lc rgb '#e3e3e3'
set key noenhanced textcolor rgb '#333333' spacing 1.3
set style fill solid 0.9 noborder
set pointintervalbox 0
set title font ',17' textcolor rgb '#222222'
set title 'new-offer vs holdout: relative lift by segment, with 95% CI (heloc-spring-2026)'
unset key
set grid xtics noytics
set border 1
set xlabel 'Relative lift (%)'
set xrange [-81.8916:601.008]
set yrange [5.6:-0.6]
set rmargin 54
set lmargin 17
set arrow 1 from first 0, graph 0 to first 0, graph 1 nohead dt 2 lw 2 lc rgb '#444444' back
set arrow 2 from first 50.4417, graph 0 to first 50.4417, graph 1 nohead dt 3 lw 1.5 lc rgb '#E69F00' back
set title offset 18, 0
set ytics scale 0 ('(all)' 0, 'affluent' 1, 'mass' 2, 'senior' 3, 'small-business' 4, 'young' 5)
set label 10 '+50.4%  (95% CI +38.3% to +63.6%, p adj. < 0.001)' at graph 1.02, first 0 left textcolor rgb '#222222'
set label 11 '-5.6%  (95% CI -18.4% to +9.1%, p (FDR) 0.69)' at graph 1.02, first 1 left textcolor rgb '#444444'
set label 12 '+98.5%  (95% CI +73.9% to +126.7%, p (FDR) < 0.001)' at graph 1.02, first 2 left textcolor rgb '#444444'
set label 13 '-2.5%  (95% CI -22.1% to +22.1%, p (FDR) 0.83)' at graph 1.02, first 3 left textcolor rgb '#444444'
set label 14 '-9.4%  (95% CI -34.8% to +25.8%, p (FDR) 0.69)' at graph 1.02, first 4 left textcolor rgb '#444444'
set label 15 '+346.4%  (95% CI +204.8% to +553.9%, p (FDR) < 0.001)' at graph 1.02, first 5 left textcolor rgb '#444444'
do for [fmt in "png svg"] {
  if (fmt eq "png") {
    set terminal pngcairo size 1200,472 font 'DejaVu Sans,13' noenhanced background rgb 'white'
  } else {
    set terminal svg size 1200,472 dynamic font 'DejaVu Sans,13' noenhanced background rgb 'white'
  }
  set output 'segments-3.'.fmt
  plot \
    'segments-3.csv' skip 1 using (($2 == 0 && $3 == 1) ? $9 * 100 : 1/0):1:($10 * 100):($11 * 100) with xerrorbars pt 5 ps 2.0 lw 2.5 lc rgb '#E69F00', \
    'segments-3.csv' skip 1 using (($2 == 0 && $3 == 0) ? $9 * 100 : 1/0):1:($10 * 100):($11 * 100) with xerrorbars pt 7 ps 1.5 lw 2.5 lc rgb '#E69F00'
  unset output
}
