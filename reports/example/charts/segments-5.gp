# segments-5.gp - drawn by 'liftkit plot segments' from 'reports/heloc-spring-2026/data/segments.csv'
# Reads segments-5.csv beside it; rerun after editing with: gnuplot segments-5.gp
set datafile separator comma
set encoding utf8
set border 3 lw 1.2 lc rgb '#555555'
set tics nomirror out scale 0.6 textcolor rgb '#333333'
set grid lw 1 lc rgb '#e3e3e3'
set key noenhanced textcolor rgb '#333333' spacing 1.3
set style fill solid 0.9 noborder
set pointintervalbox 0
set title font ',17' textcolor rgb '#222222'
set title 'model-v2 vs holdout: relative lift by segment, with 95% CI (heloc-spring-2026)'
unset key
set grid xtics noytics
set border 1
set xlabel 'Relative lift (%)'
set xrange [-62.6202:427.727]
set yrange [5.6:-0.6]
set rmargin 54
set lmargin 17
set arrow 1 from first 0, graph 0 to first 0, graph 1 nohead dt 2 lw 2 lc rgb '#444444' back
set arrow 2 from first 17.5253, graph 0 to first 17.5253, graph 1 nohead dt 3 lw 1.5 lc rgb '#009E73' back
set title offset 18, 0
set ytics scale 0 ('(all)' 0, 'affluent' 1, 'mass' 2, 'senior' 3, 'small-business' 4, 'young' 5)
set label 10 '+17.5%  (95% CI +7.8% to +28.1%, p adj. < 0.001)' at graph 1.02, first 0 left textcolor rgb '#222222'
set label 11 '-17.5%  (95% CI -28.8% to -4.3%, p (FDR) 0.019)' at graph 1.02, first 1 left textcolor rgb '#444444'
set label 12 '+32.1%  (95% CI +15.2% to +51.6%, p (FDR) < 0.001)' at graph 1.02, first 2 left textcolor rgb '#444444'
set label 13 '+4.8%  (95% CI -16.1% to +31.0%, p (FDR) 0.85)' at graph 1.02, first 3 left textcolor rgb '#444444'
set label 14 '0.0%  (95% CI -27.7% to +38.3%, p (FDR) 1)' at graph 1.02, first 4 left textcolor rgb '#444444'
set label 15 '+235.7%  (95% CI +128.2% to +393.9%, p (FDR) < 0.001)' at graph 1.02, first 5 left textcolor rgb '#444444'
do for [fmt in "png svg"] {
  if (fmt eq "png") {
    set terminal pngcairo size 1200,472 font 'DejaVu Sans,13' noenhanced background rgb 'white'
  } else {
    set terminal svg size 1200,472 dynamic font 'DejaVu Sans,13' noenhanced background rgb 'white'
  }
  set output 'segments-5.'.fmt
  plot \
    'segments-5.csv' skip 1 using (($2 == 0 && $3 == 1) ? $9 * 100 : 1/0):1:($10 * 100):($11 * 100) with xerrorbars pt 5 ps 2.0 lw 2.5 lc rgb '#009E73', \
    'segments-5.csv' skip 1 using (($2 == 0 && $3 == 0) ? $9 * 100 : 1/0):1:($10 * 100):($11 * 100) with xerrorbars pt 7 ps 1.5 lw 2.5 lc rgb '#009E73'
  unset output
}
