# Unequal arms: n_baseline from docs/methods.md, "Power" formula solved in R,
# n_treated = n_baseline * ratio rounded up:
# Rscript -e 'pw <- function(n1,p1,p2,a,r){pb<-(p1+r*p2)/(1+r);
#   pnorm((abs(p2-p1)*sqrt(n1)-qnorm(1-a/2)*sqrt(pb*(1-pb)*(1+1/r)))/
#   sqrt(p1*(1-p1)+p2*(1-p2)/r))}
#   for (r in c(2, 0.25)) cat(uniroot(function(n) pw(n,0.05,0.06,0.05,r)-0.8,
#   c(2,1e9), tol=1e-10)$root, "\n")'
# -> 6186.718 19962.33
# expected/power_ratio/transcript: made by this binary, checked against
# those roots (6187, 12374 = 2 x 6187; 19963, 4991 = ceil(0.25 x 19963)).
run power --baseline 0.05 --lift 0.2 --ratio 2
expect_rc 0
note "ratio 2"
run power --baseline 0.05 --lift 0.2 --ratio 0.25
expect_rc 0
note "ratio 0.25"
expect_file transcript transcript
