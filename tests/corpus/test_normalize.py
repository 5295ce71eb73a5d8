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
