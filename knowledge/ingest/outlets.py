"""Vietnamese news outlets by web address: the publisher's name, and the province a local outlet
reports on (None for a national one). Used to guess a source's publisher when the admin gives
none, and the place of an article that names none.

Provincial papers mostly live at 'bao<province>.vn' ('baolangson.vn', 'baohatinh.vn'), their
radio-TV at '<province>tv.vn' or 'truyenhinh<province>.vn', the provincial social-insurance
office at '<province>.baohiemxahoi.gov.vn': those are read from the address itself.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from knowledge.understand.folding import fold
from knowledge.understand.places import ALIASES, NATIONAL, PROVINCES


@dataclass(frozen=True)
class Outlet:
    name: str
    place: str | None  # the province it reports on; NATIONAL for a national outlet


_NATIONAL: dict[str, str] = {
    "baochinhphu.vn": "Báo Điện tử Chính phủ",
    "chinhphu.vn": "Cổng Thông tin điện tử Chính phủ",
    "nhandan.vn": "Báo Nhân Dân",
    "nld.com.vn": "Báo Người Lao Động",
    "laodong.vn": "Báo Lao Động",
    "danviet.vn": "Báo Dân Việt",
    "tienphong.vn": "Báo Tiền Phong",
    "thanhnien.vn": "Báo Thanh Niên",
    "tuoitre.vn": "Báo Tuổi Trẻ",
    "vnexpress.net": "VnExpress",
    "dantri.com.vn": "Báo Dân trí",
    "vietnamnet.vn": "VietNamNet",
    "vietnamplus.vn": "VietnamPlus (TTXVN)",
    "baotintuc.vn": "Báo Tin tức (TTXVN)",
    "vtv.vn": "VTV",
    "vov.vn": "VOV",
    "qdnd.vn": "Báo Quân đội nhân dân",
    "cand.com.vn": "Báo Công an nhân dân",
    "plo.vn": "Báo Pháp Luật TP.HCM",
    "baophapluat.vn": "Báo Pháp luật Việt Nam",
    "congly.vn": "Báo Công lý",
    "kinhtevadubao.vn": "Tạp chí Kinh tế và Dự báo",
    "vneconomy.vn": "VnEconomy",
    "baodautu.vn": "Báo Đầu tư",
    "thoibaotaichinhvietnam.vn": "Thời báo Tài chính Việt Nam",
    "congthuong.vn": "Báo Công Thương",
    "thanhtra.com.vn": "Báo Thanh tra",
    "suckhoedoisong.vn": "Báo Sức khỏe & Đời sống",
    "baomoi.com": "Báo Mới",
    "znews.vn": "Znews",
    "zingnews.vn": "Znews",
    "cafef.vn": "CafeF",
    "baohiemxahoi.gov.vn": "Bảo hiểm xã hội Việt Nam",
    "tapchibaohiemxahoi.gov.vn": "Tạp chí Bảo hiểm xã hội",
    "molisa.gov.vn": "Bộ Lao động - Thương binh và Xã hội",
    "moh.gov.vn": "Bộ Y tế",
    "daidoanket.vn": "Báo Đại Đoàn Kết",
    "giadinh.suckhoedoisong.vn": "Báo Sức khỏe & Đời sống",
    "nguoiduatin.vn": "Người Đưa Tin",
    "baoquocte.vn": "Báo Thế giới & Việt Nam",
    "hddtvn.com": "Hội đồng Doanh nhân",
}
# Local outlets whose address does not spell their province.
_LOCAL: dict[str, tuple[str, str]] = {
    "sggp.org.vn": ("Báo Sài Gòn Giải Phóng", "TP Hồ Chí Minh"),
    "hanoimoi.vn": ("Báo Hà Nội Mới", "Hà Nội"),
    "hanoimoi.com.vn": ("Báo Hà Nội Mới", "Hà Nội"),
    "kinhtedothi.vn": ("Báo Kinh tế & Đô thị", "Hà Nội"),
    "baodanang.vn": ("Báo Đà Nẵng", "Đà Nẵng"),
    "qtv.vn": ("Đài PT-TH Quảng Ninh", "Quảng Ninh"),
    "baoquangninh.vn": ("Báo Quảng Ninh", "Quảng Ninh"),
    "baoquangninh.com.vn": ("Báo Quảng Ninh", "Quảng Ninh"),
    "thuathienhue.gov.vn": ("Cổng thông tin Thừa Thiên Huế", "Thừa Thiên Huế"),
    "baothuathienhue.vn": ("Báo Thừa Thiên Huế", "Thừa Thiên Huế"),
    "baohanam.com.vn": ("Báo Hà Nam", "Hà Nam"),
    "baohagiang.vn": ("Báo Hà Giang", "Hà Giang"),
}


def host_of(url: str) -> str:
    """'https://www.baohatinh.vn/…' → 'baohatinh.vn'."""
    try:
        host = (urlsplit(url.strip()).hostname or "").lower()
    except ValueError:
        return ""
    return host.removeprefix("www.").removeprefix("m.")


def _squeezed(text: str) -> str:
    return re.sub(r"[^a-z]", "", fold(text.lower()))


def _province_in(host: str) -> str | None:
    """The province spelled in an address: 'baolangson' → Lạng Sơn (names of 6+ letters, so
    'hue' or 'hanam' inside another word do not count)."""
    squeezed = _squeezed(host.split(".gov.vn")[0].rsplit(".", 1)[0] if "." in host else host)
    for province in sorted(PROVINCES, key=lambda p: -len(_squeezed(p))):
        name = _squeezed(province)
        if len(name) >= 6 and name in squeezed:
            return ALIASES.get(province, province)
    return None


def outlet_of(url: str) -> Outlet | None:
    """The outlet behind a web address, or None when there is no address."""
    host = host_of(url)
    if not host:
        return None
    province = _province_in(host)
    if host.endswith(".baohiemxahoi.gov.vn") and province:  # 'langson.baohiemxahoi.gov.vn'
        return Outlet(f"Bảo hiểm xã hội tỉnh {province}", province)
    if host in _LOCAL:
        name, place = _LOCAL[host]
        return Outlet(name, place)
    for table_host, name in _NATIONAL.items():
        if host == table_host or host.endswith("." + table_host):
            return Outlet(name, NATIONAL)
    if province and host.startswith("bao"):
        return Outlet(f"Báo {province}", province)
    if province:
        return Outlet(host, province)
    return Outlet(host, None)
