# Reference numbers for tests/unit/test_cap.c: numpy's percentile (default
# linear interpolation) of the nonzero values.
# Run: /usr/bin/python3 tests/ref/cap_ref.py
import numpy as np
x = np.array([0, 0, 5, 1, 0, 3, 10, 2.5, 0, 7, 100, 0, 40])
nz = x[x != 0]
for q in (50, 90, 99, 99.9, 100, 0):
    print("p%g" % q, repr(float(np.percentile(nz, q))))
print("lowered at p90:", int((x > np.percentile(nz, 90)).sum()))
