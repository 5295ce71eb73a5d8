"""The document table's file: what is read back is what was written, decoded lazily;
a table of another version is refused (and the index rebuilt: see test_faults_index)."""

import io

import pytest

from tanwen.search.doctable import MAGIC, TABLE_VERSION, DocTable, LazySections


@pytest.fixture(scope="module")
def written(builtin_corpus):
    table = DocTable.from_articles(builtin_corpus.articles)
    handle = io.BytesIO()
    table.write(handle)
    return table, handle.getvalue()


@pytest.fixture(scope="module")
def builtin_corpus():
    from tanwen.corpus import load_corpus

    return load_corpus()


def test_a_table_reads_back_block_by_block_and_whole(written):
    table, data = written
    read = DocTable.read(data)
    assert isinstance(read.sections, LazySections) and len(read.sections) == len(table.sections)
    docs = range(len(table))
    assert [read.display_text(doc) for doc in docs] == [table.display_text(doc) for doc in docs]
    assert [read.doc_text(doc) for doc in docs] == [table.doc_text(doc) for doc in docs]
    assert [read.section(doc) for doc in docs] == [table.section(doc) for doc in docs]
    assert list(read.sections) == table.sections
    assert read._display is None                  # neither shown nor folded text decoded whole
    assert read.text == table.text and read.display == table.display
    assert read.sources == table.sources and read.chars == table.chars


def test_display_differences_past_65536_characters_read_back(builtin_corpus):
    """The fold's differences are kept by their offsets' low halves and a directory of the
    high bits: a text of several stretches of 65,536 characters shows every block as built,
    and whole, and its sections (UTF-8 in the file) as they were."""
    table = DocTable.from_articles(list(builtin_corpus.articles) * 12)
    handle = io.BytesIO()
    table.write(handle)
    read = DocTable.read(handle.getvalue())
    assert len(table.text) > 2 * 65_536 and read._display_differences.last_offset() > 2 * 65_536
    docs = range(len(table))
    assert [read.display_text(doc) for doc in docs] == [table.display_text(doc) for doc in docs]
    assert read.display == table.display != table.text
    assert list(read.sections) == table.sections


def test_sections_and_sources_of_any_text_read_back(builtin_corpus):
    """Sections and the header are UTF-8 in the file, written with "surrogatepass": a file
    name's unpaired surrogates (as os.fsdecode gives undecodable bytes) read back as they were."""
    from tanwen.search.doctable_parts import SectionInfo

    table = DocTable.from_articles(builtin_corpus.articles)
    table.sources[0] = "新闻\udcff\ud800.txt"
    table.sections[0] = SectionInfo("稿\udc80/1", ("稿\udc80", "第一节 \\ \"引\""), "标题\n副题")
    handle = io.BytesIO()
    table.write(handle)
    data = handle.getvalue()
    read = DocTable.read(data)
    assert read.sources == table.sources and list(read.sections) == table.sections
    assert "新闻".encode() in data and b"\\u65b0" not in data      # not ASCII escapes


def test_counting_in_place_is_str_count_in_each_block(written):
    table, data = written
    read = DocTable.read(data)
    docs = list(range(len(table)))
    needles = ("的", "发展", "天津", "。", ",", "r&d", "2024")
    in_utf8 = [read.count_in(needle, docs).tolist() for needle in needles]
    assert read._text is None                     # counted in the UTF-8, nothing decoded whole
    assert in_utf8 == [[read.doc_text(d).count(needle) for d in docs] for needle in needles]
    read.text
    assert in_utf8 == [read.count_in(needle, docs).tolist() for needle in needles]
    assert sum(map(sum, in_utf8)) > 100


def test_a_table_of_the_previous_version_is_refused(written):
    _, data = written
    assert MAGIC[3] == TABLE_VERSION
    older = MAGIC[:3] + bytes([TABLE_VERSION - 1]) + data[4:]
    with pytest.raises(ValueError, match="not a document table of this version"):
        DocTable.read(older)


@pytest.mark.parametrize("cut", ["sections", "byte offsets"])
def test_a_damaged_table_is_refused(written, cut):
    table, data = written
    import json
    import struct

    (length,) = struct.unpack("<I", data[4:8])
    header = json.loads(data[8:8 + length])
    sizes = header["sizes"]
    if cut == "sections":       # the last section offset past its runs
        end = len(data) - sizes[-1] - 4
        damaged = data[:end] + struct.pack("<I", sizes[-1] + 1) + data[end + 4:]
    else:                       # the last byte offset short of the text's end
        at = 8 + length + sum(sizes[:3]) + sizes[3] - 4     # (text, kinds, starts, byte starts)
        damaged = data[:at] + struct.pack("<I", sizes[0] - 1) + data[at + 4:]
    with pytest.raises(ValueError):
        DocTable.read(damaged)


def test_a_scan_a_piece_at_a_time_finds_what_a_scan_of_the_whole_text_finds(written, monkeypatch):
    import tanwen.search.matching as matching
    from tanwen.search.pinyin import pinyin_regex

    _, data = written
    read = DocTable.read(data)
    monkeypatch.setattr(matching, "SCAN_BLOCKS", 7)
    matched = 0
    for term in ("tianjin", "chuangxin", "xzscl", "fazhan"):
        pattern = pinyin_regex(term)
        docs, counts = matching._count_pinyin_in_text(pattern, read)
        in_pieces = dict(zip(docs.tolist(), counts.tolist()))
        assert read._text is None
        whole: dict[int, int] = {}
        for hit in pattern.finditer(read.text):
            doc = read.doc_at(hit.start())
            whole[doc] = whole.get(doc, 0) + 1
        assert in_pieces == whole, term
        matched += len(whole)
        read._text = None
    assert matched > 10


def test_a_read_tables_characters_answer_as_the_set_of_them_would(written):
    """Read from disk, the characters stay the string the file holds (no set built on
    open); asked about a query's characters, they answer as the set would."""
    table, data = written
    read = DocTable.read(data)
    assert not isinstance(read.chars, (set, frozenset)) and len(read.chars) == len(table.chars)
    absent = next(chr(code) for code in range(0x4E00, 0x9FFF) if chr(code) not in table.chars)
    present = sorted(table.chars)
    for needle in ("", present[0], present[-1], "".join(present[::7]), absent, present[3] + absent,
                   "\n", "天津" + absent):
        assert read.chars.issuperset(needle) == table.chars.issuperset(needle), needle
    for item in (present[5], absent, present[0] + present[1], "", 7):
        assert (item in read.chars) == (item in table.chars), item
