"""Write mutated copies of a CSV file, for the no-crash test.

usage: /usr/bin/python3 mutate.py SEED COUNT INPUT.csv OUTDIR

Writes OUTDIR/m000.csv ... : each a copy of INPUT.csv with one to three
mutations drawn from the kinds of bad input section 9 of the product
specification names (and worse): bytes flipped, deleted or inserted
(quotes, commas, CR, LF, NUL, invalid UTF-8), lines truncated, doubled,
swapped or emptied, fields emptied or made huge, numbers and dates made
odd, the header damaged, the file cut anywhere.  Deterministic for a seed.
"""
import random
import sys

SPECIAL = [b'"', b',', b'\r', b'\n', b'\x00', b'\xff', b'\xc3', b'\xe2\x82', b';', b'\t',
           b' ', b'-', b'.', b'e', b'9' * 40, b'nan', b'inf', b'-0', b'1e309', b'""',
           b'2026-02-30', b'0000-00-00', b'9999-12-31', b'\xef\xbb\xbf']


def mutate_once(rng, data):
    kind = rng.randrange(12)
    if not data:
        return rng.choice(SPECIAL)
    at = rng.randrange(len(data) + 1)
    lines = data.split(b'\n')
    if kind == 0:   # flip a byte
        if at < len(data):
            return data[:at] + bytes([data[at] ^ (1 << rng.randrange(8))]) + data[at + 1:]
        return data
    if kind == 1:   # delete a run of bytes
        return data[:at] + data[at + rng.randrange(1, 8):]
    if kind == 2:   # insert a special token
        return data[:at] + rng.choice(SPECIAL) + data[at:]
    if kind == 3:   # cut the file anywhere
        return data[:at]
    if kind == 4:   # double a line
        i = rng.randrange(len(lines))
        lines.insert(i, lines[i])
        return b'\n'.join(lines)
    if kind == 5:   # swap two lines (the header too)
        i, j = rng.randrange(len(lines)), rng.randrange(len(lines))
        lines[i], lines[j] = lines[j], lines[i]
        return b'\n'.join(lines)
    if kind == 6:   # empty a line
        lines[rng.randrange(len(lines))] = b''
        return b'\n'.join(lines)
    if kind == 7:   # empty or enlarge a field
        i = rng.randrange(len(lines))
        f = lines[i].split(b',')
        k = rng.randrange(len(f))
        f[k] = b'' if rng.random() < 0.5 else f[k] * rng.randrange(2, 2000)
        lines[i] = b','.join(f)
        return b'\n'.join(lines)
    if kind == 8:   # drop or add a field
        i = rng.randrange(len(lines))
        f = lines[i].split(b',')
        if rng.random() < 0.5 and len(f) > 1:
            del f[rng.randrange(len(f))]
        else:
            f.insert(rng.randrange(len(f) + 1), rng.choice(SPECIAL))
        lines[i] = b','.join(f)
        return b'\n'.join(lines)
    if kind == 9:   # quote a field, maybe badly
        i = rng.randrange(len(lines))
        f = lines[i].split(b',')
        k = rng.randrange(len(f))
        f[k] = rng.choice([b'"' + f[k] + b'"', b'"' + f[k], f[k] + b'"', b'"a\nb"' + f[k]])
        lines[i] = b','.join(f)
        return b'\n'.join(lines)
    if kind == 10:  # CRLF or bare CR line ends
        return data.replace(b'\n', rng.choice([b'\r\n', b'\r']))
    # repeat the body many times (duplicates, long files)
    return lines[0] + b'\n' + b'\n'.join(lines[1:] * rng.randrange(2, 50))


def main():
    seed, count, src, out = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], sys.argv[4]
    rng = random.Random(seed)
    with open(src, 'rb') as f:
        base = f.read()
    for n in range(count):
        data = base
        for _ in range(rng.randrange(1, 4)):
            data = mutate_once(rng, data)
        with open('%s/m%03d.csv' % (out, n), 'wb') as f:
            f.write(data)


main()
