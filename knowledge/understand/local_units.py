"""Lạng Sơn's city, districts, towns and communes: places INSIDE the province.

A question about one of them must never get the province's figure: the knowledge holds figures
for the province as a whole. Names are those of the General Statistics Office's list (as
packaged by the `vietnam-provinces` project, 2024 and July 2025 editions); people keep using
the old district names after the 2025 reform, so both are kept.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

PROVINCE = "Lạng Sơn"

# Before July 2025: "<kind> <district>: <kind> <commune>, ..." (continuation lines indented)
_BEFORE_2025 = """
thành phố Lạng Sơn: phường Hoàng Văn Thụ, phường Tam Thanh, phường Vĩnh Trại, phường Đông
    Kinh, phường Chi Lăng, xã Hoàng Đồng, xã Quảng Lạc, xã Mai Pha
huyện Tràng Định: xã Khánh Long, xã Đoàn Kết, xã Quốc Khánh, xã Cao Minh, xã Chí Minh, xã
    Tri Phương, xã Tân Tiến, xã Tân Yên, xã Đội Cấn, xã Tân Minh, xã Kim Đồng, xã Chi Lăng, xã
    Trung Thành, thị trấn Thất Khê, xã Đào Viên, xã Đề Thám, xã Kháng Chiến, xã Hùng Sơn, xã
    Quốc Việt, xã Hùng Việt
huyện Bình Gia: xã Hưng Đạo, xã Vĩnh Yên, xã Hoa Thám, xã Quý Hòa, xã Hồng Phong, xã Yên Lỗ,
    xã Thiện Hòa, xã Quang Trung, xã Thiện Thuật, xã Minh Khai, xã Thiện Long, xã Hoàng Văn Thụ,
    xã Hòa Bình, xã Mông Ân, xã Tân Hòa, thị trấn Bình Gia, xã Hồng Thái, xã Bình La, xã Tân Văn
huyện Văn Lãng: thị trấn Na Sầm, xã Trùng Khánh, xã Bắc La, xã Thụy Hùng, xã Bắc Hùng, xã
    Tân Tác, xã Thanh Long, xã Hội Hoan, xã Bắc Việt, xã Hoàng Việt, xã Gia Miễn, xã Thành Hòa,
    xã Tân Thanh, xã Tân Mỹ, xã Hồng Thái, xã Hoàng Văn Thụ, xã Nhạc Kỳ
huyện Cao Lộc: thị trấn Đồng Đăng, thị trấn Cao Lộc, xã Bảo Lâm, xã Thanh Lòa, xã Cao Lâu,
    xã Thạch Đạn, xã Xuất Lễ, xã Hồng Phong, xã Thụy Hùng, xã Lộc Yên, xã Phú Xá, xã Bình Trung,
    xã Hải Yến, xã Hòa Cư, xã Hợp Thành, xã Công Sơn, xã Gia Cát, xã Mẫu Sơn, xã Xuân Long, xã
    Tân Liên, xã Yên Trạch, xã Tân Thành
huyện Văn Quan: thị trấn Văn Quan, xã Trấn Ninh, xã Liên Hội, xã Hòa Bình, xã Tú Xuyên, xã
    Điềm He, xã An Sơn, xã Khánh Khê, xã Lương Năng, xã Bình Phúc, xã Tân Đoàn, xã Tri Lễ, xã
    Tràng Phái, xã Yên Phúc, xã Hữu Lễ
huyện Bắc Sơn: thị trấn Bắc Sơn, xã Long Đống, xã Vạn Thủy, xã Đồng ý, xã Tân Tri, xã Bắc
    Quỳnh, xã Hưng Vũ, xã Tân Lập, xã Vũ Sơn, xã Chiêu Vũ, xã Tân Hương, xã Chiến Thắng, xã Vũ
    Lăng, xã Trấn Yên, xã Vũ Lễ, xã Nhất Hòa, xã Tân Thành, xã Nhất Tiến
huyện Hữu Lũng: thị trấn Hữu Lũng, xã Hữu Liên, xã Yên Bình, xã Quyết Thắng, xã Hòa Bình, xã
    Yên Thịnh, xã Yên Sơn, xã Thiện Tân, xã Yên Vượng, xã Minh Tiến, xã Nhật Tiến, xã Thanh Sơn,
    xã Đồng Tân, xã Cai Kinh, xã Hòa Lạc, xã Vân Nham, xã Đồng Tiến, xã Tân Thành, xã Hòa Sơn,
    xã Minh Sơn, xã Hồ Sơn, xã Minh Hòa, xã Hòa Thắng
huyện Chi Lăng: thị trấn Đồng Mỏ, thị trấn Chi Lăng, xã Vân An, xã Vân Thủy, xã Gia Lộc, xã
    Bắc Thủy, xã Chiến Thắng, xã Mai Sao, xã Bằng Hữu, xã Thượng Cường, xã Bằng Mạc, xã Nhân Lý,
    xã Lâm Sơn, xã Liên Sơn, xã Vạn Linh, xã Hòa Bình, xã Hữu Kiên, xã Quan Sơn, xã Y Tịch, xã
    Chi Lăng
huyện Lộc Bình: thị trấn Na Dương, thị trấn Lộc Bình, xã Mẫu Sơn, xã Yên Khoái, xã Khánh
    Xuân, xã Tú Mịch, xã Hữu Khánh, xã Đồng Bục, xã Tam Gia, xã Tú Đoạn, xã Khuất Xá, xã Thống
    Nhất, xã Sàn Viên, xã Đông Quan, xã Minh Hiệp, xã Hữu Lân, xã Lợi Bác, xã Nam Quan, xã Xuân
    Dương, xã Ái Quốc
huyện Đình Lập: thị trấn Đình Lập, thị trấn NT Thái Bình, xã Bắc Xa, xã Bính Xá, xã Kiên
    Mộc, xã Đình Lập, xã Thái Bình, xã Cường Lợi, xã Châu Sơn, xã Lâm Ca, xã Đồng Thắng, xã Bắc
    Lãng
"""

_FROM_2025 = """
xã Thất Khê, xã Đoàn Kết, xã Tân Tiến, xã Tràng Định, xã Quốc Khánh, xã Kháng Chiến, xã Quốc
Việt, xã Bình Gia, xã Tân Văn, xã Hồng Phong, xã Hoa Thám, xã Quý Hòa, xã Thiện Hòa, xã Thiện
Thuật, xã Thiện Long, xã Bắc Sơn, xã Hưng Vũ, xã Vũ Lăng, xã Nhất Hòa, xã Vũ Lễ, xã Tân Tri, xã
Văn Quan, xã Điềm He, xã Tri Lễ, xã Yên Phúc, xã Tân Đoàn, xã Khánh Khê, xã Na Sầm, xã Văn Lãng,
xã Hội Hoan, xã Thụy Hùng, xã Hoàng Văn Thụ, xã Lộc Bình, xã Mẫu Sơn, xã Na Dương, xã Lợi Bác,
xã Thống Nhất, xã Xuân Dương, xã Khuất Xá, xã Đình Lập, xã Châu Sơn, xã Kiên Mộc, xã Thái Bình,
xã Hữu Lũng, xã Tuấn Sơn, xã Tân Thành, xã Vân Nham, xã Thiện Tân, xã Yên Bình, xã Hữu Liên, xã
Cai Kinh, xã Chi Lăng, xã Nhân Lý, xã Chiến Thắng, xã Quan Sơn, xã Bằng Mạc, xã Vạn Linh, xã
Đồng Đăng, xã Cao Lộc, xã Công Sơn, xã Ba Sơn, phường Tam Thanh, phường Lương Văn Tri, phường Kỳ
Lừa, phường Đông Kinh
"""

# Towns and communes well enough known to be named without "xã" / "thị trấn" in front; the
# others are ordinary words too ("Đoàn Kết", "Thống Nhất", "Hòa Bình") and need their kind.
KNOWN_BARE = ("Đồng Đăng", "Na Sầm", "Thất Khê", "Na Dương", "Đồng Mỏ", "Mẫu Sơn", "Mai Pha")


@dataclass(frozen=True)
class Unit:
    kind: str  # "thành phố" · "huyện" · "thị trấn" · "xã" · "phường"
    name: str  # "Cao Lộc"
    district: str | None  # the district it lay in before 2025 (None: a district, or 2025 only)

    @property
    def label(self) -> str:
        """How a reply names it: 'huyện Cao Lộc', 'thành phố Lạng Sơn', 'xã Mai Pha'."""
        return f"{self.kind} {self.name}"


_KINDS = ("thành phố", "thị trấn", "huyện", "phường", "xã")


def _split(written: str) -> tuple[str, str]:
    written = written.strip()
    for kind in _KINDS:
        if written.startswith(kind + " "):
            return kind, written[len(kind) + 1 :].strip()
    raise ValueError(f"no kind in {written!r}")


@cache
def units() -> tuple[Unit, ...]:
    """Every unit: districts first, then communes before 2025, then those new in 2025."""
    districts: list[Unit] = []
    communes: list[Unit] = []
    for line in _BEFORE_2025.replace("\n    ", " ").strip().splitlines():
        head, _, rest = line.partition(":")
        kind, name = _split(head)
        districts.append(Unit(kind, name, None))
        communes += [Unit(*_split(item), name) for item in rest.split(",")]
    seen = {(u.kind, u.name) for u in communes}
    new = [
        Unit(*_split(item), None)
        for item in " ".join(_FROM_2025.split()).split(",")
        if _split(item) not in seen
    ]
    return (*districts, *communes, *new)
