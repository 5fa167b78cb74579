# The library never prints (style.md): no object of libliftkit.a refers to
# standard error or to printf-style console output, and only the output
# layer (output.c, where "-" means standard output) to standard output.
LIB="$(dirname "$LIFTKIT")/libliftkit.a"
[ -f "$LIB" ] || fail "no library at $LIB"
nm -A "$LIB" >symbols 2>/dev/null || fail "nm cannot read $LIB"
grep -q " T lk_units_load$" symbols || fail "nm lists no library symbols"
grep -E " U (stderr|printf|puts|putchar|perror|vprintf)$" symbols >bad
grep -E " U stdout$" symbols | grep -v ":output\.o: " >>bad
[ ! -s bad ] || { cat bad; fail "the library writes to the console"; }
