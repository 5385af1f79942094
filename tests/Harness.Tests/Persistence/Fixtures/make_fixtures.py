"""Writes the pickle fixtures that Harness.Tests loads: run with python3 in this folder.

The values here must match the ones PythonFixtures.cs expects; pickle_roundtrip.py (the
two-way test's Python side) imports them from this file.
"""
import pickle

COURSE = {'da': 111, 2: [23, 1, 4], '24': {1: 2, 'd': 'sad'}}

RICH = {
    'da': 111, 2: [23, 1, 4], '24': {1: 2, 'd': 'sad'},
    'ints': [0, -1, 255, 256, 65535, 65536, 2**31 - 1, -2**31, 2**31, -2**31 - 1,
             2**63 - 1, -2**63, 2**63, -2**63 - 1, 2**100, -(2**100), 2**2100],
    'floats': [0.0, -0.0, 1.5, -2.25, float('nan'), float('inf'), float('-inf'), 1e308, 5e-324],
    'bytes': [b'', b'abc', bytes(range(256)), bytearray(b'xy'), b'x' * 300],
    'text': ['', 'h\u00e9llo', '\u4e2d\u6587', '\U0001F600', 'y' * 300],
    'tuple': (1, 'a', (2.5, None)),
    'empty': [[], {}, (), '', b''],
    'flags': [True, False, None],
    (1, 'k'): 'tuple key',
    b'bk': 'bytes key',
    2.5: 'float key',
    -7: 'negative key',
}

if __name__ == '__main__':
    for proto in range(0, 6):
        with open(f'course.p{proto}.pickle', 'wb') as f:
            pickle.dump(COURSE, f, protocol=proto)
        with open(f'rich.p{proto}.pickle', 'wb') as f:
            pickle.dump(RICH, f, protocol=proto)
    # Hostile and foreign inputs, written here so that their bytes are the real thing.
    import datetime, collections, os
    hostile = {
        'os_system.pickle': b"cos\nsystem\n(S'echo pwned'\ntR.",
        'datetime.pickle': pickle.dumps(datetime.datetime(2024, 1, 2, 3, 4, 5), protocol=4),
        'set.pickle': pickle.dumps({1, 2, 3}, protocol=4),
        'ordered_dict.pickle': pickle.dumps(collections.OrderedDict(a=1), protocol=4),
        'complex.pickle': pickle.dumps(3 + 4j, protocol=2),
    }
    for name, data in hostile.items():
        with open(name, 'wb') as f:
            f.write(data)
