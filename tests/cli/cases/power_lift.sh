# Sizes for a lift equal R's power.prop.test n rounded up, for small and
# large effects, both directions, and other alpha and power:
# Rscript -e 'for (a in list(c(0.05,0.06,0.8,0.05), c(0.2,0.4,0.9,0.05),
#   c(0.5,0.45,0.8,0.01), c(0.01,0.011,0.8,0.05), c(0.05,0.04,0.8,0.05)))
#   cat(ceiling(power.prop.test(p1=a[1], p2=a[2], power=a[3], sig.level=a[4])$n), "\n")'
# -> 8158 109 2329 163095 6745
# expected/power_lift/transcript: made by this binary, its n_baseline and
# n_treated checked against the five numbers above.
run power --baseline 0.05 --lift 0.2
expect_rc 0
note "0.05, +20%"
run power --baseline 0.2 --lift 0.2 --absolute --power 0.9
expect_rc 0
note "0.2, +0.2 absolute, power 0.9"
run power --baseline 0.5 --lift -0.1 --alpha 0.01
expect_rc 0
note "0.5, -10%, alpha 0.01"
run power --baseline 0.01 --lift 0.1
expect_rc 0
note "0.01, +10%"
run power --baseline 0.05 --lift -0.01 --absolute
expect_rc 0
note "0.05, -0.01 absolute"
expect_file transcript transcript
