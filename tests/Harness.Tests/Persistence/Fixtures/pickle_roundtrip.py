"""The Python side of the two-way pickle tests (PythonTwoWayTests.cs).

  check FILE            load FILE (written by C#) and compare it with RICH; print OK or the difference
  echo IN OUT PROTO     load IN (written by C#) and write it again to OUT with protocol PROTO
  repr FILE             load FILE and print repr() of what it holds
"""
import math
import pickle
import sys

from make_fixtures import RICH


def same(a, b):
    if isinstance(a, float) and isinstance(b, float):
        return (math.isnan(a) and math.isnan(b)) or (a == b and math.copysign(1, a) == math.copysign(1, b))
    if type(a) in (bytes, bytearray) and type(b) in (bytes, bytearray):
        return a == b
    if type(a) is not type(b):
        return False
    if isinstance(a, (list, tuple)):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    return a == b


def main(argv):
    if argv[0] == 'check':
        with open(argv[1], 'rb') as f:
            got = pickle.load(f)
        if same(got, RICH):
            print('OK')
            return 0
        for k in set(RICH) | set(got):
            if k not in got or k not in RICH or not same(got[k], RICH[k]):
                print(f'key {k!r}: expected {RICH.get(k)!r}, got {got.get(k)!r}')
        return 1
    if argv[0] == 'echo':
        with open(argv[1], 'rb') as f:
            got = pickle.load(f)
        with open(argv[2], 'wb') as f:
            pickle.dump(got, f, protocol=int(argv[3]))
        print('OK')
        return 0
    if argv[0] == 'repr':
        with open(argv[1], 'rb') as f:
            print(repr(pickle.load(f)))
        return 0
    print(__doc__)
    return 2


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
