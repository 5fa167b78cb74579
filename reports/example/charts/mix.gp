# mix.gp - drawn by 'liftkit plot mix' from 'reports/heloc-spring-2026/data/mix.csv'
# Reads mix.csv beside it; rerun after editing with: gnuplot mix.gp
set datafile separator comma
set encoding utf8
set border 3 lw 1.2 lc rgb '#555555'
set tics nomirror out scale 0.6 textcolor rgb '#333333'
set grid lw 1 lc rgb '#e3e3e3'
set key noenhanced textcolor rgb '#333333' spacing 1.3
set style fill solid 0.9 noborder
set pointintervalbox 0
set title font ',17' textcolor rgb '#222222'
set title 'Attribution mix: openings credited direct, halo or none (heloc-spring-2026)'
unset title
set grid noxtics ytics
set boxwidth 0.65
set ylabel 'Openings credited'
set yrange [0:*]
set offsets 0, 0, graph 0.3, 0
set key top right box lc rgb '#cccccc' opaque
do for [fmt in "png svg"] {
  if (fmt eq "png") {
    set terminal pngcairo size 1200,600 font 'DejaVu Sans,13' noenhanced background rgb 'white'
  } else {
    set terminal svg size 1200,600 dynamic font 'DejaVu Sans,13' noenhanced background rgb 'white'
  }
  set output 'mix.'.fmt
  set multiplot layout 1,2 title 'Attribution mix: openings credited direct, halo or none (heloc-spring-2026)' font ',17'
  set title 'By channel'
  set xtics scale 0 ('app' 0, 'email' 1, 'mail' 2, '(no offer)' 3)
  set xrange [-0.6:3.4]
  set xtics norotate center
  plot 'mix.csv' skip 1 using (strcol(1) eq "channel" ? $2 : 1/0):7 with boxes lc rgb '#BDBDBD' title 'none (organic)', \
       'mix.csv' skip 1 using (strcol(1) eq "channel" ? $2 : 1/0):($4 + $5) with boxes lc rgb '#F4A582' title 'halo (other product)', \
       'mix.csv' skip 1 using (strcol(1) eq "channel" ? $2 : 1/0):4 with boxes lc rgb '#1B7837' title 'direct (offered product)'
  set title 'By product'
  set xtics scale 0 ('auto-loan' 0, 'card' 1, 'deposit' 2, 'heloc' 3, 'mortgage' 4, 'personal-loan' 5)
  set xrange [-0.6:5.4]
  set xtics rotate by 30 right
  plot 'mix.csv' skip 1 using (strcol(1) eq "product" ? $2 : 1/0):7 with boxes lc rgb '#BDBDBD' title 'none (organic)', \
       'mix.csv' skip 1 using (strcol(1) eq "product" ? $2 : 1/0):($4 + $5) with boxes lc rgb '#F4A582' title 'halo (other product)', \
       'mix.csv' skip 1 using (strcol(1) eq "product" ? $2 : 1/0):4 with boxes lc rgb '#1B7837' title 'direct (offered product)'
  unset multiplot
  unset output
}
