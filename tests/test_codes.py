"""Identity codes: the GB 32100—2015 check character, the bundled GB/T 2260 and GB/T 4754—2017
tables (``parkesg.codes``)."""

from __future__ import annotations

import pytest

from parkesg.codes import (
    _table,
    check_credit_code,
    check_industry,
    check_region,
    check_stock_code,
    credit_check_char,
    industry_name,
    region_name,
)
from parkesg.errors import DataError


def test_check_character_worked_by_hand():
    # 91320100BANK00001: values 9 1 3 2 0 1 0 0 B=11 A=10 N=22 K=19 0 0 0 0 1
    # × weights 1 3 9 27 19 26 16 17 20 29 25 13 8 24 10 30 28
    # = 9+3+27+54+0+26+0+0+220+290+550+247+0+0+0+0+28 = 1454; 1454 mod 31 = 28; 31 − 28 = 3
    assert credit_check_char("91320100BANK00001") == "3"
    # GB 32100—2015's own example code
    assert check_credit_code("91350100M000100Y43") == "91350100M000100Y43"


def test_check_character_31_becomes_0():
    # a sum divisible by 31 gives 31 − 0 = 31, written 0: 17 zeros sum to 0
    assert credit_check_char("0" * 17) == "0"


@pytest.mark.parametrize(
    ("code", "why"),
    [
        ("91350100M000100Y44", "校验位不符（按 GB 32100—2015 应为 3）"),
        ("91350100M000100Y4", "应为 18 位"),
        ("91350100M0001O0Y43", "不允许的字符 O"),
        ("913501I0M000100Y43", "不允许的字符 I"),
        ("91ABCDEFM000100Y43", "第 3—8 位"),
    ],
)
def test_bad_credit_codes(code, why):
    with pytest.raises(DataError, match=why):
        check_credit_code(code)


def test_region_table_covers_provinces_prefectures_counties():
    codes = _table("gb2260.csv")
    provinces = [c for c in codes if c.endswith("0000")]
    prefectures = [c for c in codes if c.endswith("00") and not c.endswith("0000")]
    assert (len(provinces), len(prefectures), len(codes)) == (34, 333, 3204)
    assert region_name("320400") == "常州市" and region_name("320411") == "新北区"
    assert region_name("710000") == "台湾省"
    assert region_name("320471") is None  # a development zone of the statistical list
    assert check_region(" 110105 ") == "110105"
    with pytest.raises(DataError, match="6 位数字"):
        check_region("3204")


def test_industry_sections_and_divisions():
    codes = _table("gb4754-2017.csv")
    assert len([c for c in codes if c.isalpha()]) == 20
    assert sorted(c for c in codes if c.isdigit()) == [f"{n:02d}" for n in range(1, 98)]
    assert industry_name("C") == "制造业"
    assert industry_name("C26") == "化学原料和化学制品制造业"
    assert industry_name("D44") == "电力、热力生产和供应业"
    assert check_industry("c2614") == "C2614"  # format and division checked, class not looked up
    for bad, why in (("B26", "属于门类 C"), ("Z", "格式"), ("C2", "格式"), ("C00", "不存在")):
        with pytest.raises(DataError, match=why):
            check_industry(bad)


def test_stock_codes_name_their_exchange():
    assert check_stock_code(" 600519.sh ") == "600519.SH"
    assert check_stock_code("300750") == "300750.SZ"  # 30: 深交所创业板
    assert check_stock_code("688981") == "688981.SH"  # 68: 上交所科创板
    assert check_stock_code("430047") == "430047.BJ"
    assert check_stock_code("00700.HK") == "00700.HK"
    for bad in ("600519.XX", "12345", "990001", "600519.HK", "0700.HK", "AAPL"):
        with pytest.raises(DataError, match="证券代码"):
            check_stock_code(bad)
