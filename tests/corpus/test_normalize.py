from tanwen.corpus.normalize import fold


def test_fold_keeps_length_and_folds_width_script_and_case():
    cases = {
        "創新": "创新", "質生產": "质生产", "ＩＰＯ": "ipo", "Ｒ＆Ｄ": "r&d", "３．４４％": "3.44%",
        "产业，规模大": "产业,规模大", "AI": "ai", "〇": "〇", "臺灣": "台湾",
    }
    for text, expected in cases.items():
        assert fold(text) == expected
        assert len(fold(text)) == len(text)


def test_fold_keeps_characters_whose_plain_form_is_longer():
    for text in ["…", "™", "ﬁ", "㎡"]:
        assert len(fold(text)) == len(text)


def test_fold_of_the_builtin_corpus_preserves_every_offset(builtin):
    for block in builtin.blocks():
        assert len(block.folded) == len(block.text)


def test_folding_many_texts_at_once_is_folding_each():
    from tanwen.corpus.normalize import fold_each

    texts = ["創新", "", "ＩＰＯ" * 30, "\ud800", "\udc00臺灣", "a" * 63, "Ｒ＆Ｄ" + "產" * 70, "①"]
    assert fold_each(texts) == [fold(text) for text in texts]


def test_blocks_folded_together_read_as_blocks_folded_one_by_one(builtin):
    from tanwen.corpus.model import Block, fold_blocks

    blocks = [Block(block.kind, block.text, 1, 1) for block in builtin.blocks()]
    fold_blocks(blocks, chars=1000)          # in many runs, some blocks alone
    assert [block.folded for block in blocks] == [fold(block.text) for block in builtin.blocks()]
