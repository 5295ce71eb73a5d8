"""Whoosh's term tables opened with one read of their directory.

A Whoosh reader opens each segment's term table (`whoosh.filedb.filetables.HashReader`),
whose __init__ reads the directory of its 256 hash tables an entry at a time: 256 reads
and unpacks a segment, some 5 million instructions of a cold search on a 10-segment
index. `install()` gives HashReader an __init__ that reads the directory in one
read and unpacks it with `Struct.iter_unpack`; the rest is Whoosh's own, line for line
(whoosh-reloaded 2.7.5 is pinned). A directory cut short still fails with struct.error.
"""

from __future__ import annotations

import os

from whoosh.filedb import filetables
from whoosh.filedb.filetables import FileFormatError, HashReader, _dir_entry, _directory_size
from whoosh.system import _INT_SIZE

_MAGIC = b"HSH3"


def _init(self, dbfile, length=None, magic=_MAGIC, startoffset=0):
    self.dbfile = dbfile
    self.startoffset = startoffset
    self.is_closed = False

    if length is None:
        dbfile.seek(0, os.SEEK_END)
        length = dbfile.tell() - startoffset

    dbfile.seek(startoffset)
    # Check format tag
    filemagic = dbfile.read(4)
    if filemagic != magic:
        raise FileFormatError("Unknown file header %r" % filemagic)
    # Read hash type
    self.hashtype = dbfile.read_byte()
    self.hashfn = filetables._hash_functions[self.hashtype]
    # Skip unused future expansion bits
    dbfile.read_int()
    dbfile.read_int()
    self.startofdata = dbfile.tell()

    exptr = startoffset + length - _INT_SIZE
    # Get the length of extras from the end of the file
    exlen = dbfile.get_int(exptr)
    # Read the extras
    expos = exptr - exlen
    dbfile.seek(expos)
    self._read_extras()

    # The directory of hash tables, (position, number of slots) each: in one read.
    dbfile.seek(expos - _directory_size)
    self.tables = list(_dir_entry.iter_unpack(dbfile.read(_directory_size)))
    # The position of the first hash table is the end of the key/value pairs
    self.endofdata = self.tables[0][0]


WHOOSH_INIT = HashReader.__init__      # Whoosh's own, for the tests to compare with


def install() -> None:
    HashReader.__init__ = _init
