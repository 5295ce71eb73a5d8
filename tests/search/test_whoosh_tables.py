"""Whoosh's term tables opened with one read of their directory (search.whoosh_tables) hold
what Whoosh's own opening reads, and find every key."""

import pytest
from whoosh.filedb.filestore import FileStorage
from whoosh.filedb.filetables import HashReader, HashWriter, OrderedHashReader, OrderedHashWriter

from tanwen.search import whoosh_tables

KEYS = {f"词{n}".encode(): f"value {n}".encode() * (n % 7) for n in range(3000)}


def _written(tmp_path, writer_class, name):
    storage = FileStorage(str(tmp_path))
    writer = writer_class(storage.create_file(name))
    for key in sorted(KEYS):
        writer.add(key, KEYS[key])
    writer.close()
    return storage


def _state(reader):
    return (reader.tables, reader.endofdata, reader.startofdata, reader.hashtype, reader.extras)


@pytest.mark.parametrize("writer_class, reader_class", [(HashWriter, HashReader),
                                                         (OrderedHashWriter, OrderedHashReader)])
def test_a_table_opens_as_whoosh_opens_it(tmp_path, writer_class, reader_class):
    whoosh_tables.install()
    storage = _written(tmp_path, writer_class, "table.hsh")
    assert reader_class.__init__ is whoosh_tables._init
    ours = reader_class.open(storage, "table.hsh")
    theirs = reader_class.__new__(reader_class)
    whoosh_tables.WHOOSH_INIT(theirs, storage.open_file("table.hsh"), storage.file_length("table.hsh"))
    assert _state(ours) == _state(theirs) and len(ours.tables) == 256
    assert all(ours[key] == value for key, value in KEYS.items())
    assert "词3000".encode() not in ours
