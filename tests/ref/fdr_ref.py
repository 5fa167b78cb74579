# Reference numbers for tests/unit/test_fdr.c: statsmodels multipletests
# (method="fdr_bh") on the defined p-values.
# Run: /usr/bin/python3 tests/ref/fdr_ref.py
from statsmodels.stats.multitest import multipletests
for p in ([0.01, 0.04, 0.03, 0.005, 0.5, 0.04, 0.2],
          [0.9, 0.02, 0.7],
          [0.3]):
    print([repr(v) for v in multipletests(p, method="fdr_bh")[1]])
