"""Benchmark: time to write the demo park's reports as .docx and as PDF.

    python benchmarks/report.py [--repeat 3]

Goals (issue 3): a report for the demo park in ≤ 3 s as .docx and ≤ 15 s as PDF. Measured
per report: the assessment (service.assess + to_json), the rendering (context, charts,
docxtpl) and the LibreOffice conversion, each the median of ``--repeat`` runs after one warm-up,
so that imports and the font cache do not count.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from parkesg.cli.data import load_data
from parkesg.demo.engagement import demo_engagement
from parkesg.demo.run import write_demo_inputs
from parkesg.reports.pdf import to_pdf
from parkesg.reports.write import assess_for_report, write_report


def median_time(fn, repeat: int) -> float:
    fn()  # warm-up
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        wide, obs = load_data(write_demo_inputs(folder)["park"])
        print(
            f"{'report':<8} {'assess s':>9} {'docx s':>8} {'pdf s':>7}  (median of {args.repeat})"
        )
        for kind in ("cppc", "beijing"):
            eng = demo_engagement(kind)
            out = folder / f"{kind}.docx"
            t_assess = median_time(lambda k=kind: assess_for_report(k, wide, obs), args.repeat)
            t_docx = median_time(
                lambda k=kind, e=eng, o=out: write_report(k, wide, obs, e, o), args.repeat
            )
            t_pdf = median_time(lambda o=out: to_pdf(o), args.repeat)
            print(f"{kind:<8} {t_assess:>9.2f} {t_docx:>8.2f} {t_docx + t_pdf:>7.2f}")
        print(
            "docx s includes the assessment; pdf s = docx s + one LibreOffice conversion "
            "(the Beijing forms are written with the report and not converted here)"
        )


if __name__ == "__main__":
    main()
