"""Whoosh reads pickles from its files: the table of contents (the schema, and each segment
with its codec), and in its own codec's files posting blocks, short posting lists and stored
fields. Unpickled freely, a file in the cache could run code. Here they are unpickled by an
unpickler that builds only Whoosh's own classes, the field type of `search.segment_writer`,
the codec and segment classes of `search.words_codec` and plain containers; anything else is
an error, which the index store reports as an unreadable index (and rebuilds).

tanwen's codec reads no pickles, and an index of another codec (an older format) is rebuilt
before its segments are read; only the TOC is read here. Whoosh-reloaded 2.7.5 is pinned;
`install()` swaps the names its modules call.
"""

from __future__ import annotations

import io
import pickle
import re

ALLOWED_MODULES = ("whoosh.",)
# Plain data types (never functions such as eval, getattr or __import__).
PLAIN_TYPES = ("int", "float", "complex", "bool", "str", "bytes", "bytearray", "tuple", "list",
               "dict", "set", "frozenset", "object", "slice", "range")
ALLOWED = {
    ("tanwen.search.segment_writer", "WordsField"),
    ("tanwen.search.words_codec", "WordsCodec"), ("tanwen.search.words_codec", "WordsSegment"),
    *(("builtins", name) for name in PLAIN_TYPES),
    ("copyreg", "_reconstructor"), ("array", "array"), ("array", "_array_reconstructor"),
    ("collections", "defaultdict"), ("collections", "OrderedDict"),
}


class _Unpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str):
        # Protocol 2 pickles name Python 2's modules (super() maps them the same way).
        plain = {"__builtin__": "builtins", "copy_reg": "copyreg"}.get(module, module)
        if plain.startswith(ALLOWED_MODULES) or (plain, name) in ALLOWED:
            return super().find_class(module, name)
        raise pickle.UnpicklingError(f"the index holds a {module}.{name}, which it never writes")


# The opcodes that can name a class or function (GLOBAL, INST, STACK_GLOBAL, EXT1/2/4). A
# pickle holding none of these bytes anywhere cannot call anything: the plain, fast loads
# reads it (most posting lists, a few µs less each). A byte that merely looks like one
# only sends the data the careful way.
_NAMING = re.compile(rb"[ci\x93\x82\x83\x84]")


def loads(data: bytes):
    if not _NAMING.search(data):
        return pickle.loads(data)
    return _Unpickler(io.BytesIO(data)).load()


def load(file):
    return _Unpickler(file).load()


class _PickleModule:
    """What `whoosh.index` uses of the pickle module, with `loads` restricted."""

    PicklingError = pickle.PicklingError
    dumps = staticmethod(pickle.dumps)
    loads = staticmethod(loads)


def install() -> None:
    import whoosh.columns
    import whoosh.filedb.structfile
    import whoosh.index

    whoosh.index.pickle = _PickleModule
    whoosh.filedb.structfile.load_pickle = load
    whoosh.columns.loads = loads
