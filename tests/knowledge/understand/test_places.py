"""Places in questions: provinces however written, the country (not the agency), Lạng Sơn's
districts and communes as places inside it, and words that only fold onto a place name.

The phrasings are our own, none from the eval sets: each class of question has several."""

from __future__ import annotations

import unicodedata
from datetime import date

import pytest

from knowledge.understand.folding import fold, nfc
from knowledge.understand.places import NATIONAL, find_places, place_named, read_places
from knowledge.understand.question import parse_question


def places(text: str) -> list[str]:
    return [m.name for m in read_places(nfc(text))]


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("số người tham gia BHXH của TP.HCM năm 2021", "TP Hồ Chí Minh"),
        ("tp hcm có bao nhiêu người có bhyt", "TP Hồ Chí Minh"),
        ("BHXH bắt buộc ở Sài Gòn", "TP Hồ Chí Minh"),
        ("thành phố Hồ Chí Minh thu BHXH bao nhiêu", "TP Hồ Chí Minh"),
        ("nợ bảo hiểm HN 2020", "Hà Nội"),
        ("bhyt hn bao nhieu", "Hà Nội"),
        ("BR VT tham gia bhtn", "Bà Rịa - Vũng Tàu"),
        ("brvt bhxh tu nguyen", "Bà Rịa - Vũng Tàu"),
        ("tỉnh Bà Rịa Vũng Tàu", "Bà Rịa - Vũng Tàu"),
        ("Đăk Lăk bao nhiêu người", "Đắk Lắk"),
        ("daklak bhyt", "Đắk Lắk"),
        ("Thừa Thiên - Huế thu bảo hiểm", "Thừa Thiên Huế"),
        ("bhyt Hue 2020", "Thừa Thiên Huế"),
        ("Bắc Cạn tham gia BHXH", "Bắc Kạn"),
        ("quangninh bhtn", "Quảng Ninh"),
        ("QN thu BHYT", "Quảng Ninh"),
        ("tinh thanh hoa bhxh", "Thanh Hóa"),
        ("Khánh Hoà tỷ lệ bao phủ", "Khánh Hòa"),
    ],
)
def test_provinces_by_their_usual_names_and_abbreviations(text: str, place: str) -> None:
    assert places(text) == [place]


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("tỷ lệ bao phủ bhyt ha noii", "Hà Nội"),
        ("bhxh tu nguyen quang ninhh 2020", "Quảng Ninh"),
        ("số người có thẻ BHYT Hà Nộii", "Hà Nội"),
        ("thu bao hiem thai nguyenn", "Thái Nguyên"),
        ("lang sonn bhtn", "Lạng Sơn"),
        ("Lâm Đông bao nhiêu người tham gia BHTN", "Lâm Đồng"),
        ("Quãng Ninh thu được bao nhiêu", "Quảng Ninh"),
        ("Đa Nang bhyt", "Đà Nẵng"),
        ("Quang Nin bhyt", "Quảng Ninh"),  # a letter short, written as a name
        ("tỉnh thai ngyen", "Thái Nguyên"),
        ("BHXH Bắc Giag năm 2020", "Bắc Giang"),
        ("số người tham gia tại quang nin", "Quảng Ninh"),
        ("Tiền Gian bao nhiêu người có thẻ", "Tiền Giang"),
    ],
)
def test_misspelt_province_names_are_still_found(text: str, place: str) -> None:
    assert places(text) == [place]


@pytest.mark.parametrize(
    "text",
    [
        "so sánh hai năm 2019 và 2020",  # "hai nam" is one letter from "Hà Nam"
        "số người tham gia ở hai năm 2019 và 2020",
        "o hai nam truoc",
        "Hai năm nay bao nhiêu người tham gia",
        "phụ thu BHYT",  # "phu thu" is one letter from "Phú Thọ"
        "khu vực đông nam",
        "bình quân mỗi tháng thu bao nhiêu",
        "tỷ lệ tham gia bảo hiểm cao hơn hay thấp hơn",
        "số người tham gia BHXH tự nguyện tăng bao nhiêu",
        "tong so nguoi tham gia bhxh bhyt bhtn",
        "how many people have health insurance",
        "đóng bảo hiểm xã hội một lần",
        "Bảo hiểm Xã hội tỉnh thu được bao nhiêu",  # "Xã hội" is social, not a commune
        "các huyện có bao nhiêu người tham gia",
        "Huyện nào nhiều người tham gia nhất",
        "số nợ khó thu do giải thể",  # "thu do" folds like "thủ đô"
    ],
)
def test_ordinary_words_are_no_places(text: str) -> None:
    assert places(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "cả nước có bao nhiêu người tham gia BHTN",
        "toàn quốc thu BHYT năm 2019",
        "tỷ lệ bao phủ bhyt nước ta",
        "nước mình bao nhiêu người đóng BHXH",
        "BHYT Việt Nam 2022",
        "bhxh bắt buộc VN 2020",
        "số người tham gia BHXH Việt Nam năm 2020",  # the country's figure, asked plainly
        "Vietnam's health insurance coverage",
        "nationwide unemployment insurance participants",
        "ty le bao phu bhyt ca nuoc",
    ],
)
def test_the_whole_country(text: str) -> None:
    assert places(text) == [NATIONAL]


@pytest.mark.parametrize(
    "text",
    [
        "kế hoạch BHXH Việt Nam giao cho tỉnh năm 2022",
        "chỉ tiêu BHXH Việt Nam giao đạt bao nhiêu",
        "giám đốc Bảo hiểm xã hội Việt Nam là ai",
        "BHXH Việt Nam cho biết số người tham gia",
    ],
)
def test_the_agency_bhxh_viet_nam_is_no_place(text: str) -> None:
    assert places(text) == []


def test_articles_keep_their_reading_of_the_agency() -> None:
    found = find_places(fold("đạt 98,3% kế hoạch BHXH Việt Nam giao. Cả nước có"))
    assert [m.name for m in found] == [NATIONAL]  # "Cả nước", never "Việt Nam" after BHXH


@pytest.mark.parametrize(
    ("text", "place", "kind"),
    [
        ("tỷ lệ nợ của huyện Văn Quan", "huyện Văn Quan", "district"),
        ("bhyt loc binh 2022", "huyện Lộc Bình", "district"),
        ("Bình Gia có bao nhiêu người tham gia BHXH", "huyện Bình Gia", "district"),
        ("h. Đình Lập thu được bao nhiêu", "huyện Đình Lập", "district"),
        ("TP. Lạng Sơn bao nhiêu người có thẻ", "thành phố Lạng Sơn", "city"),
        ("tp lang son bhxh tu nguyen", "thành phố Lạng Sơn", "city"),
        ("phường Đông Kinh tham gia BHYT", "phường Đông Kinh", "commune"),
        ("xa mai pha bhyt", "xã Mai Pha", "commune"),
        ("thị trấn Na Sầm", "thị trấn Na Sầm", "commune"),
        ("Na Sầm có bao nhiêu người đóng BHXH", "thị trấn Na Sầm", "commune"),
        ("xã Đoàn Kết có bao nhiêu người tham gia", "xã Đoàn Kết", "commune"),
    ],
)
def test_lang_son_districts_and_communes_are_places_inside_it(
    text: str, place: str, kind: str
) -> None:
    found = read_places(nfc(text))
    assert [(m.name, m.kind, m.parent) for m in found] == [(place, kind, "Lạng Sơn")]


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("huyện Mộc Châu có bao nhiêu người tham gia BHYT", "huyện Mộc Châu"),
        ("quận Ba Đình thu BHXH", "quận Ba Đình"),
        ("thành phố Hà Tĩnh tỷ lệ bao phủ", "thành phố Hà Tĩnh"),
    ],
)
def test_a_district_or_city_elsewhere_is_a_place_of_its_own(text: str, place: str) -> None:
    assert places(text) == [place]
    assert place_named(place).kind in ("district", "city")


def test_a_province_named_with_its_district_only_locates_it() -> None:
    for text in ("tỷ lệ bao phủ BHYT huyện Hữu Lũng tỉnh Lạng Sơn", "Lạng Sơn, huyện Cao Lộc"):
        q = parse_question(text, date(2026, 1, 1))
        assert len(q.places) == 1 and q.places[0].startswith("huyện")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("diễn biến tỷ lệ bao phủ BHYT qua các năm", []),
        ("dien bien so nguoi tham gia bhxh", []),
        ("dien bien ty le no bao hiem", []),
        ("bhyt diễn biến thế nào", []),
        ("tỷ lệ bao phủ BHYT tỉnh Điện Biên", ["Điện Biên"]),
        ("bhtn o dien bien 2021", ["Điện Biên"]),
        ("Dien Bien thu bao hiem bao nhieu", ["Điện Biên"]),
        ("tỉnh nào đóng thấp nhất", []),
        ("tinh nao dong thap nhat", []),
        ("số người tham gia BHYT Đồng Tháp", ["Đồng Tháp"]),
        ("Lạng Sơn có cao bằng cả nước không", ["Lạng Sơn", NATIONAL]),
        ("Cao Bằng bao nhiêu người có thẻ", ["Cao Bằng"]),
        # a question that already compares names the places: "cao bằng" is the province
        ("so sanh bhyt cao bang voi lang son", ["Cao Bằng", "Lạng Sơn"]),
        ("so sánh số người có bhyt cao bằng với lạng sơn", ["Cao Bằng", "Lạng Sơn"]),
        ("bhtn cao bang so voi ca nuoc", ["Cao Bằng", NATIONAL]),
        ("so sánh xem bhyt lạng sơn có cao bằng nhau với cả nước", ["Lạng Sơn", NATIONAL]),
        ("tỷ lệ bao phủ bhyt có cao bằng với cả nước không", [NATIONAL]),
    ],
)
def test_words_that_fold_onto_a_place_name(text: str, expected: list[str]) -> None:
    assert places(text) == expected


@pytest.mark.parametrize(
    "text", ["tỷ lệ bao phủ BHYT huyện Cao Lộc", "diễn biến BHTN", "BHYT Việt Nam 2022"]
)
def test_decomposed_unicode_reads_the_same(text: str) -> None:
    assert places(unicodedata.normalize("NFD", text)) == places(text)


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("Lang Son city health insurance coverage", "thành phố Lạng Sơn"),
        ("Huu Lung district voluntary social insurance", "huyện Hữu Lũng"),
        ("Chi Lang district unemployment insurance", "huyện Chi Lăng"),
    ],
)
def test_districts_and_the_city_in_english(text: str, place: str) -> None:
    assert places(text) == [place]


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("Cả nước", "nation"),
        ("TP. Hồ Chí Minh", "province"),
        ("Tỉnh Quảng Ninh", "province"),
        ("huyện Cao Lộc", "district"),
        ("Huyện Bắc Sơn", "district"),
        ("xã Mai Pha", "commune"),
    ],
)
def test_a_region_spelt_otherwise_in_the_knowledge_is_still_known(name: str, kind: str) -> None:
    assert place_named(name).kind == kind
