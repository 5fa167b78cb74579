# matrix.gp - drawn by 'liftkit plot matrix' from 'reports/heloc-spring-2026/data/matrix.csv'
# Reads matrix.csv beside it; rerun after editing with: gnuplot matrix.gp
set datafile separator comma
set encoding utf8
set border 3 lw 1.2 lc rgb '#555555'
set tics nomirror out scale 0.6 textcolor rgb '#333333'
set grid lw 1 lc rgb '#e3e3e3'
set key noenhanced textcolor rgb '#333333' spacing 1.3
set style fill solid 0.9 noborder
set pointintervalbox 0
set title font ',17' textcolor rgb '#222222'
set title 'Offer matrix: response rate by month, product and channel (heloc-spring-2026)'
set xtics ('2026-01' 0, '2026-02' 1, '2026-03' 2, '2026-04' 3, '2026-05' 4)
set ytics ('card / app' 0, 'card / email' 1, 'card / mail' 2, 'heloc / app' 3, 'heloc / email' 4, 'heloc / mail' 5)
set xrange [-0.5:4.5]
set yrange [5.5:-0.5]
unset key
set palette defined (0 '#f7fbff', 1 '#9ecae1', 2 '#4292c6')
set cblabel 'Response rate (%)'
set cbrange [0:*]
set style fill solid 1.0 noborder
set xlabel 'Month of the offer'
do for [fmt in "png svg"] {
  if (fmt eq "png") {
    set terminal pngcairo size 1000,440 font 'DejaVu Sans,13' noenhanced background rgb 'white'
  } else {
    set terminal svg size 1000,440 dynamic font 'DejaVu Sans,13' noenhanced background rgb 'white'
  }
  set output 'matrix.'.fmt
  plot 'matrix.csv' skip 1 using 1:2:(0.5):(0.5):($9 * 100) with boxxyerror lc palette, \
    '' skip 1 using 1:2:(sprintf('%.1f%%', $9 * 100)) with labels
  unset output
}
