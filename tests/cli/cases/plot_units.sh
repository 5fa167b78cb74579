# Charts and the report count in the experiment's unit: with an experiment whose unit is
# household_id, the power chart's size axis and the Qini chart's x axis
# say households; without an experiment, customers.
L="$DATA/lift"
P="$DATA/plot"
run plot qini "$P/qini.csv" -e "$L/exp.ini" -o hh
expect_rc 0
grep -qF "set xlabel 'Households targeted, highest score first (%)'" hh/qini.gp ||
    fail "qini axis: $(grep xlabel hh/qini.gp)"
run plot power "$P/power.csv" -e "$L/exp.ini" -o hh
expect_rc 0
grep -qF "set xlabel 'Households in the comparison (baseline + treated)'" hh/power.gp ||
    fail "power axis: $(grep xlabel hh/power.gp)"
run plot qini "$P/qini.csv" -o cu
expect_rc 0
grep -qF "set xlabel 'Customers targeted, highest score first (%)'" cu/qini.gp ||
    fail "qini axis without an experiment: $(grep xlabel cu/qini.gp)"
# the contact-pressure chart and the report's headings say households too
C="$DATA/contacts"
run plot pressure "$C/expected-histogram.csv" -e "$C/exp.ini" -o hh
expect_rc 0
grep -qF "set xlabel 'Contacts per household'" hh/pressure.gp ||
    fail "pressure axis: $(grep xlabel hh/pressure.gp)"
T="$DATA/report"
run report -e "$T/exp-eur.ini" --lift-table "$T/lift.csv" --roi-table "$T/roi.csv" -o rep
expect_rc 0
grep -qF " households in " rep/index.html || fail "the header does not count households"
grep -qF '<th class="num">Households</th>' rep/index.html || fail "no Households column"
