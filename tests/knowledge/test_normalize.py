"""Text folding: the many ways a Vietnamese phrase is typed become one string."""

import unicodedata

from knowledge.understand.folding import fold, nfc, tokens


def test_nfd_input_folds_like_nfc() -> None:
    typed = "Tỷ lệ bao phủ bảo hiểm y tế"
    assert fold(nfc(unicodedata.normalize("NFD", typed))) == fold(nfc(typed))


def test_diacritics_tone_placement_and_ty_ti_variants_meet() -> None:
    assert fold(nfc("thuỷ hoà")) == fold(nfc("thủy hòa")) == "thuy hoa"
    assert fold(nfc("Tỉ lệ")) == "ti le"  # tỉ/tỷ are told apart later, by the lexicon


def test_d_with_stroke_is_folded_too() -> None:
    assert fold(nfc("Đối tượng đóng")) == "doi tuong dong"


def test_folding_keeps_positions_so_spans_map_back() -> None:
    text = nfc("Lạng Sơn: 741.213 người")
    assert len(fold(text)) == len(text)


def test_vietnamese_numbers_stay_whole_tokens() -> None:
    assert tokens(fold("có 741.213 người, đạt 86,96% tháng 8/2019")) == [
        "co",
        "741.213",
        "nguoi",
        "dat",
        "86,96%",
        "thang",
        "8/2019",
    ]
