"""Which years an assessment covers when the user names some (README “Scoring conventions”).

A framework that looks at several years (the Beijing diagnosis: 3, 附件2-1-2) reads one
``--year Y`` as the years ending in Y; fewer years than it needs are assessed as given, and
the user is told why the tables are fewer.
"""

from __future__ import annotations

from rich.console import Console

from parkesg.frameworks.schema import Framework


def assessed_years(fw: Framework, given: list[int] | None, console: Console) -> list[int] | None:
    """The years to assess: None (the data's last ``fw.years``), one year widened to the
    ``fw.years`` ending in it, or the years given (with a note when they are fewer)."""
    if not given:
        return None
    years = sorted(set(given))
    if len(years) == 1 and fw.years > 1:
        last = years[0]
        years = list(range(last - fw.years + 1, last + 1))
        console.print(
            f"{fw.title.zh}评价 {fw.years} 个年度（{fw.source.code}）：--year {last} 即 "
            f"{years[0]}—{last} 年"
        )
        return years
    if len(years) < fw.years:
        console.print(
            f"注意：{fw.title.zh}要求 {fw.years} 个年度（{fw.source.code}），本次只评价给定的 "
            f"{len(years)} 个年度：{'、'.join(map(str, years))}"
        )
    return years
