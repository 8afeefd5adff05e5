"""Benchmark: time to write each report kind as .docx and as PDF, from its stored run.

    python benchmarks/report.py [--repeat 3]

Goals (issue 15): each kind ≤ 3 s as .docx and ≤ 10 s as PDF, warm. Measured per kind: the
assessment that stores the run (``reports.write.assess``: service.assess + the documents), the
report written from the stored run (checks, context, charts, docxtpl, finish) with every file
beside it (Beijing forms, the T/JDFA01 certificate), and the LibreOffice conversion of all of
them; each the median of ``--repeat`` runs after one warm-up, so that imports, the font cache
and LibreOffice's first start do not count. Tests never assert on these times.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from parkesg.cli.data import load_data, load_targets
from parkesg.demo.energy import demo_energy
from parkesg.demo.engagement import DEMO_CONFIRMATION, demo_engagement
from parkesg.demo.run import write_demo_inputs
from parkesg.reports.pdf import to_pdf
from parkesg.reports.write import assess, write_report


def median_time(fn: Callable[[], object], repeat: int) -> float:
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
        inputs = write_demo_inputs(folder)
        wide, obs = load_data(inputs["park"])
        ents = pd.read_parquet(inputs["enterprises"])
        name = str(ents.name.iloc[0])
        cases = {
            "cppc": (lambda: assess("cppc", wide, obs), demo_engagement("cppc"), demo_energy()),
            "beijing": (lambda: assess("beijing", wide, obs), demo_engagement("beijing"), None),
            "esc": (lambda: assess("esc", wide, obs, targets=load_targets(inputs["targets"])),
                    demo_engagement("esc"), None),
            "jdfa": (lambda: assess("jdfa", ents, None, entity=str(ents.entity_id.iloc[0]),
                                    confirmation=DEMO_CONFIRMATION),
                     demo_engagement("jdfa", enterprise_name=name), None),
        }  # fmt: skip
        print(f"{'report':<8} {'files':>5} {'assess s':>9} {'docx s':>8} {'pdf s':>7}"
              f"   (median of {args.repeat}; goals: docx ≤ 3 s, pdf ≤ 10 s)")  # fmt: skip
        for kind, (run_of, eng, energy) in cases.items():
            t_assess = median_time(run_of, args.repeat)
            run = run_of()
            out = folder / f"{kind}.docx"
            t_docx = median_time(
                lambda k=kind, r=run, e=eng, n=energy, o=out: write_report(k, r, e, o, energy=n),
                args.repeat,
            )
            files = write_report(kind, run, eng, out, energy=energy).files
            t_pdf = median_time(lambda fs=files: [to_pdf(f) for f in fs], args.repeat)
            print(
                f"{kind:<8} {len(files):>5} {t_assess:>9.2f} {t_docx:>8.2f} {t_docx + t_pdf:>7.2f}"
            )
        print(
            "assess: the run stored once (jdfa over all 2,000 demo enterprises, its peers); "
            "docx: the report and its files from the stored run; pdf: docx + their conversion"
        )


if __name__ == "__main__":
    main()
