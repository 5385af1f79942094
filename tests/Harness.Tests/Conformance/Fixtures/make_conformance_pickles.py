"""Writes the pickles that Conformance/PickleFixtureCases.cs checks: run with python3 in this folder.

Each case mirrors a test of CPython's Lib/test/pickletester.py with plain data only (the
harness loads dict, list, tuple, str, int, float, bytes, bool and None). Every case is written
with protocols 0 to 5 as <case>.p<N>.pickle by this interpreter's pickle module; the C# side
builds the same value (with the same sharing) and checks that it loads the file as that value
and that Pickle.Dumps writes the same bytes. CPython's own DATA0..DATA4 (which hold a complex
number and an instance of a class) are written too, as pickletester_DATA<N>.pickle, with its
Python 2 pickles DATA_SET, DATA_XRANGE, DATA_COOKIE and DATA_UEERR.
"""
import pickle
import sys


def plain_data():
    # create_data() of pickletester, without its complex number and its instance of C:
    # the instance becomes a dict of its attributes, 3.0+0j becomes 3.0.
    c = {'foo': 1, 'bar': 2}
    x = [0, 1, 2.0, 3.0]
    uint1max, uint2max, int4max = 0xff, 0xffff, 0x7fffffff
    x.extend([1, -1, uint1max, -uint1max, -uint1max - 1, uint2max, -uint2max, -uint2max - 1,
              int4max, -int4max, -int4max - 1])
    y = ('abc', 'abc', c, c)
    x.append(y)
    x.append(y)
    x.append(5)
    return x


def ints():  # test_ints
    values, n = [], sys.maxsize
    while n:
        values += [-n, n]
        n >>= 1
    return values


def longs():  # test_long, without the monster
    values = []
    for nbits in 1, 8, 8 * 254, 8 * 255, 8 * 256, 8 * 257:
        nbase = 1 << nbits
        for npos in nbase - 1, nbase, nbase + 1:
            values += [npos, -npos]
    return values


def floats():  # test_float
    v = [0.0, 4.94e-324, 1e-310, 7e-308, 6.626e-34, 0.1, 0.5, 3.14, 263.44582062374053, 6.022e23, 1e30]
    return v + [-x for x in v]


def recursive_list():
    l = []
    l.append(l)
    return l


def recursive_dict():
    d = {}
    d[1] = d
    return d


def recursive_tuple_and_list():
    t = ([],)
    t[0].append(t)
    return t


def recursive_tuple_and_dict():
    t = ({},)
    t[0][1] = t
    return t


def many_puts_and_gets():
    keys = ("aaa" + str(i) for i in range(100))
    large_dict = dict((k, [4, 5, 6]) for k in keys)
    return [dict(large_dict), dict(large_dict), dict(large_dict)]


UNICODE = ['', '<\\u>', '<\\\u1234>', '<\n>', '<\\>', '<\\\U00012345>', '<\udc80>']

CASES = {
    'course': lambda: {'da': 111, 2: [23, 1, 4], '24': {1: 2, 'd': 'sad'}},
    'plain_data': plain_data,
    **{f'unicode_{i}': (lambda u=u: u) for i, u in enumerate(UNICODE)},
    'unicode_high_plane': lambda: '\U00012345',
    'bytes_empty': lambda: b'',
    'bytes_xyz': lambda: b'xyz',
    'bytes_xyz_300': lambda: b'xyz' * 100,
    'bytes_all_single': lambda: [bytes([i]) for i in range(256)],
    'bytearray_xyz': lambda: bytearray(b'xyz'),
    'ints': ints,
    'longs': longs,
    'long1': lambda: 12345678910111213141516178920,
    'long4': lambda: 12345678910111213141516178920 << (256 * 8),
    'floats': floats,
    'tuple_0': lambda: (),
    'tuple_1': lambda: (1,),
    'tuple_2': lambda: (1, 2),
    'tuple_3': lambda: (1, 2, 3),
    'tuple_4': lambda: (1, 2, 3, 4),
    'none': lambda: None,
    'true': lambda: True,
    'false': lambda: False,
    'list_chunking_10': lambda: list(range(10)),
    'list_chunking_2500': lambda: list(range(2500)),
    'dict_chunking_10': lambda: dict.fromkeys(range(10)),
    'dict_chunking_2500': lambda: dict.fromkeys(range(2500)),
    'recursive_list': recursive_list,
    'recursive_dict': recursive_dict,
    'recursive_tuple_and_list': recursive_tuple_and_list,
    'recursive_tuple_and_dict': recursive_tuple_and_dict,
    'many_puts_and_gets': many_puts_and_gets,
    'framing_large_str': lambda: ['x' * 40000, 'y' * 40000, 'z' * 70000],
    'framing_large_bytes': lambda: [b'x' * 70000, 1, b'y' * 100],
}

if __name__ == '__main__':
    from test import pickletester
    for name, make in CASES.items():
        for proto in range(0, pickle.HIGHEST_PROTOCOL + 1):
            with open(f'{name}.p{proto}.pickle', 'wb') as f:
                f.write(pickle.dumps(make(), protocol=proto))
    for n in ['0', '1', '2', '3', '4', '_SET', '_XRANGE', '_COOKIE', '_UEERR']:
        with open(f'pickletester_DATA{n}.pickle', 'wb') as f:
            f.write(getattr(pickletester, f'DATA{n}'))
