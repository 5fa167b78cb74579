# The top-level help lists all nine commands; unknown commands are usage errors.
run --help
expect_rc 0
for c in simulate power assign attribute lift roi uplift plot report; do
    expect_out "  $c "
done
run --version
expect_rc 0
expect_out "liftkit "
run frobnicate
expect_rc 1
expect_err "unknown command 'frobnicate'"
