# The top-level help lists all nine commands and ends with an example;
# unknown commands and a bare 'liftkit' are usage errors.
run --help
expect_rc 0
expect_file out help.txt
run
expect_rc 1
expect_file err help.txt
run help
expect_rc 0
expect_file out help.txt
run --version
expect_rc 0
expect_out "liftkit "
run_note frobnicate
run_note help frobnicate
expect_file transcript transcript
