"""Synthetic enterprises for demos, tests and benchmarks: one wide row per enterprise-year with
every field of ``catalogue/enterprise.yaml`` (read at run time, so a new field is generated too).

Not real data. The shapes are plausible for Jiangsu enterprises under mandatory cleaner-
production audit: ~30 GB/T 4754 industries with a skewed spread (a few so rare that their peer
groups fall back to a wider prefix even at a million rows), size classes 大/中/小/微 driving
lognormal quantities, intensities by industry family, a latent “management quality” that makes
booleans, ordinals and violation counts hang together, and 3–8 % missing values per field.

Everything is vectorised with numpy; the only Python loops run over fields or blocks of rows.
Each field draws from its own random stream (seeded by the seed, the block and the field id),
so the data is reproducible and adding a catalogue field leaves the other columns unchanged.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from parkesg.frameworks.loader import load_catalogue_file
from parkesg.frameworks.schema import FieldDef, Kind

BLOCK_ROWS = 1_000_000  # rows generated (and written) at a time
MISSING_SHARE = (0.03, 0.08)  # each field gets its own missing share in this range

# Industry families: intensities per 万元 of output value and other shapes (medians).
# energy tce, fresh water m3, waste gas m3, solid waste t, hazardous waste t, VOCs kg,
# COD and NH3-N mg/L of wastewater, water reuse share, output per employee 万元,
# share of master's degrees, R&D as % of operating cost, process CO2 t (cement, steel).
FAMILY_COLUMNS = (
    "energy water gas solid hazardous voc cod nh3 reuse productivity masters rd process_co2"
).split()
FAMILIES: dict[str, tuple[float, ...]] = {
    "化工": (0.45, 8.0, 8e3, 0.05, 0.010, 0.40, 80, 8, 0.90, 250, 0.06, 3.0, 0.10),
    "医药": (0.25, 12.0, 5e3, 0.03, 0.020, 0.50, 120, 10, 0.80, 150, 0.12, 6.0, 0.0),
    "造纸": (0.60, 40.0, 1e4, 0.15, 0.001, 0.05, 60, 3, 0.85, 200, 0.02, 2.0, 0.0),
    "印染": (0.30, 60.0, 3e3, 0.03, 0.002, 0.10, 70, 6, 0.45, 60, 0.01, 2.0, 0.0),
    "钢铁": (1.20, 6.0, 6e4, 0.60, 0.005, 0.05, 40, 3, 0.97, 400, 0.03, 1.5, 0.30),
    "有色": (0.60, 5.0, 4e4, 0.40, 0.030, 0.03, 40, 3, 0.93, 500, 0.03, 1.5, 0.20),
    "建材": (1.50, 2.0, 8e4, 0.10, 0.001, 0.02, 30, 2, 0.90, 200, 0.01, 1.0, 1.20),
    "金属制品": (0.08, 4.0, 5e3, 0.05, 0.020, 0.20, 80, 8, 0.60, 100, 0.02, 2.5, 0.0),
    "电子": (0.04, 3.0, 8e3, 0.02, 0.010, 0.15, 100, 10, 0.70, 150, 0.10, 5.0, 0.0),
    "塑料": (0.15, 1.5, 6e3, 0.03, 0.002, 0.60, 60, 3, 0.70, 120, 0.02, 2.5, 0.0),
    "汽车零部件": (0.05, 1.0, 4e3, 0.04, 0.005, 0.30, 80, 5, 0.60, 180, 0.05, 3.5, 0.0),
    "食品": (0.12, 15.0, 2e3, 0.20, 0.0002, 0.02, 150, 8, 0.50, 120, 0.02, 1.5, 0.0),
    "电力热力": (3.00, 20.0, 1.5e5, 0.80, 0.0005, 0.01, 30, 2, 0.98, 600, 0.05, 0.5, 0.0),
}
# (GB/T 4754—2017 code, family, relative weight): a Zipf-like spread, the last three rare
# enough that their 5-character peer groups stay under 30 members even at 10^6 enterprises.
INDUSTRIES: list[tuple[str, str, float]] = [
    ("C2614", "化工", 1 / 1), ("C3360", "金属制品", 1 / 2), ("C3982", "电子", 1 / 3),
    ("C1713", "印染", 1 / 4), ("C3130", "钢铁", 1 / 5), ("C3670", "汽车零部件", 1 / 6),
    ("C2651", "化工", 1 / 7), ("C3311", "金属制品", 1 / 8), ("C2921", "塑料", 1 / 9),
    ("C2641", "化工", 1 / 10), ("C3971", "电子", 1 / 11), ("C1752", "印染", 1 / 12),
    ("C2710", "医药", 1 / 13), ("C2221", "造纸", 1 / 14), ("C3011", "建材", 1 / 15),
    ("C3841", "电子", 1 / 16), ("C2613", "化工", 1 / 17), ("C3216", "有色", 1 / 18),
    ("C2662", "化工", 1 / 19), ("C3391", "钢铁", 1 / 20), ("C2927", "塑料", 1 / 22),
    ("C1391", "食品", 1 / 24), ("C3041", "建材", 1 / 26), ("C1762", "印染", 1 / 28),
    ("C2631", "化工", 1 / 30), ("C1441", "食品", 1 / 34), ("D4411", "电力热力", 1 / 40),
    ("C2211", "造纸", 1 / 20000), ("C2511", "化工", 1 / 30000), ("D4430", "电力热力", 1 / 40000),
]  # fmt: skip
CITIES: dict[str, float] = {
    "苏州市": 22, "无锡市": 13, "常州市": 10, "南通市": 10, "南京市": 8, "泰州市": 7,
    "盐城市": 7, "扬州市": 6, "镇江市": 5, "徐州市": 5, "淮安市": 3, "连云港市": 3, "宿迁市": 2,
}  # fmt: skip
# size class: share, employees (median, σ of log), management-quality shift, count multiplier,
# output per employee relative to the family's
SIZES: dict[str, tuple[float, float, float, float, float, float]] = {
    "大": (0.04, 2000, 0.6, 0.8, 3.0, 1.0),
    "中": (0.16, 450, 0.4, 0.4, 1.5, 0.8),
    "小": (0.55, 70, 0.6, 0.0, 0.8, 0.5),
    "微": (0.25, 10, 0.5, -0.4, 0.5, 0.35),
}
BRAND = list("恒华新金永鑫盛宏泰瑞天丰隆源达通宇安康德")
BRAND2 = list("达发利源昌盛兴邦科创润成信诚嘉远辉明峰和")
# Boolean fields: overall share of 1 (a shifted by management quality, see _booleans).
BOOLEAN_SHARES: dict[str, float] = {
    "ent_discharge_permit_compliant": 0.95, "ent_emissions_within_standards": 0.93,
    "ent_eia_compliant": 0.94, "ent_hazardous_waste_managed": 0.92,
    "ent_industrial_policy_compliant": 0.97, "ent_cp_management_system": 0.75,
    "ent_cp_plan": 0.70, "ent_cp_safeguards": 0.65, "ent_energy_retrofit": 0.45,
    "ent_clean_energy_use": 0.50, "ent_ccus": 0.02, "ent_green_power_certificates": 0.12,
    "ent_carbon_reduction_plan": 0.30, "ent_social_insurance": 0.90,
    "ent_occupational_health_measures": 0.85, "ent_safety_measures": 0.92,
    "ent_employee_channels": 0.70, "ent_female_rights_protection": 0.75, "ent_cp_training": 0.65,
    "ent_customer_rights_policy": 0.60, "ent_data_security_programme": 0.35,
    "ent_quality_targets": 0.70, "ent_quality_certification": 0.60,
    "ent_green_product_certification": 0.15, "ent_supplier_es_criteria": 0.30,
    "ent_green_supply_chain_listed": 0.02, "ent_green_procurement_policy": 0.25,
    "ent_public_welfare_activities": 0.45, "ent_trade_union": 0.70,
    "ent_national_strategy_response": 0.30, "ent_party_organisation": 0.50,
    "ent_party_building_in_articles": 0.25, "ent_internal_control_system": 0.55,
    "ent_risk_compliance_system": 0.45, "ent_financial_accounting_system": 0.90,
    "ent_anti_corruption_system": 0.50, "ent_emergency_management_system": 0.85,
    "ent_strategic_plan": 0.45, "ent_esg_governance": 0.12, "ent_information_disclosure": 0.20,
}  # fmt: skip
# Count fields (次): Poisson mean for a medium-quality enterprise, and whether it scales with size.
COUNT_MEANS: dict[str, tuple[float, bool]] = {
    "ent_executive_changes": (0.7, False), "ent_negative_news": (0.15, True),
    "ent_enforcement_records": (0.2, False), "ent_serious_dishonesty_records": (0.02, False),
    "ent_administrative_penalties": (0.25, True), "ent_abnormal_operation_listings": (0.05, False),
    "ent_env_penalties": (0.05, True), "ent_water_discharge_violations": (0.025, False),
    "ent_air_discharge_violations": (0.03, False), "ent_solid_waste_violations": (0.02, False),
    "ent_industrial_policy_violations": (0.01, False), "ent_cp_audit_violations": (0.015, False),
    "ent_energy_inspection_violations": (0.02, False), "ent_carbon_data_violations": (0.005, False),
    "ent_social_insurance_violations": (0.02, False), "ent_safety_penalties": (0.04, True),
    "ent_consumer_rights_penalties": (0.01, False), "ent_data_security_penalties": (0.005, False),
    "ent_quality_penalties": (0.02, False), "ent_financial_penalties": (0.01, False),
    "ent_corruption_cases": (0.003, False), "ent_disclosure_penalties": (0.01, False),
}  # fmt: skip
# Quantities in 万元 scaled from the output value: (median ratio, σ of log).
SCALE_OF_OUTPUT: dict[str, tuple[float, float]] = {
    "ent_revenue": (1.0, 0.15),
    "ent_total_assets": (1.2, 0.5),
}
# Ordinal fields: share of each category, best first (catalogue order).
ORDINAL_SHARES: dict[str, tuple[float, ...]] = {
    "ent_cp_grade_process": (0.15, 0.45, 0.35, 0.05),
    "ent_cp_grade_equipment": (0.12, 0.45, 0.37, 0.06),
    "ent_cp_grade_energy_management": (0.18, 0.45, 0.32, 0.05),
    "ent_env_credit_colour": (0.55, 0.30, 0.11, 0.03, 0.01),
    "ent_audit_opinion": (0.90, 0.06, 0.03, 0.01),
}


def enterprise_fields() -> list[FieldDef]:
    """The fields of ``catalogue/enterprise.yaml``, in file order."""
    folder = resources.files("parkesg.frameworks").joinpath("catalogue")
    return list(load_catalogue_file(Path(str(folder)) / "enterprise.yaml").fields)


@dataclass
class _Base:
    """Latent draws shared by the fields of one block."""

    n: int
    industry: np.ndarray  # index into INDUSTRIES
    size: np.ndarray  # index into SIZES
    city: np.ndarray
    quality: np.ndarray  # management quality, ~N(size shift, 1)
    count_scale: np.ndarray  # size multiplier for count means
    fam: dict[str, np.ndarray]  # family parameters per row
    output: np.ndarray
    employees: np.ndarray


def _stream(seed: int, block: int, name: str) -> np.random.Generator:
    return np.random.default_rng([seed, block, zlib.crc32(name.encode())])


def _pick(rng: np.random.Generator, weights: list[float], n: int) -> np.ndarray:
    p = np.asarray(weights, dtype=float)
    return np.searchsorted(np.cumsum(p / p.sum()), rng.random(n), side="right").clip(0, len(p) - 1)


def _lognormal(
    rng: np.random.Generator, median: np.ndarray | float, sigma: float, n: int
) -> np.ndarray:
    return np.asarray(median) * np.exp(sigma * rng.standard_normal(n))


def _base(seed: int, block: int, n: int) -> _Base:
    rng = _stream(seed, block, "__base__")
    industry = _pick(rng, [w for _, _, w in INDUSTRIES], n)
    size = _pick(rng, [s[0] for s in SIZES.values()], n)
    city = _pick(rng, list(CITIES.values()), n)
    sizes = np.array(list(SIZES.values()))
    table = np.array([FAMILIES[f] for _, f, _ in INDUSTRIES])[industry]
    fam = {name: table[:, k] for k, name in enumerate(FAMILY_COLUMNS)}
    employees = np.maximum(
        1.0, np.round(sizes[size, 1] * np.exp(sizes[size, 2] * rng.standard_normal(n)))
    )
    output = employees * _lognormal(rng, fam["productivity"] * sizes[size, 5], 0.5, n)
    quality = sizes[size, 3] + rng.standard_normal(n)
    return _Base(n, industry, size, city, quality, sizes[size, 4], fam, output, employees)


def _share(
    rng: np.random.Generator, median: np.ndarray | float, n: int, sigma: float = 0.8
) -> np.ndarray:
    """Logit-normal share in (0, 1) around ``median`` (cheaper than a beta draw)."""
    m = np.clip(np.asarray(median, dtype=float), 0.001, 0.999)
    return np.asarray(1.0 / (1.0 + np.exp(-(np.log(m / (1 - m)) + sigma * rng.standard_normal(n)))))


def _count_share(rng: np.random.Generator, total: np.ndarray, share: np.ndarray) -> np.ndarray:
    """Whole people out of ``total`` (stochastic rounding of total × share)."""
    return np.asarray(np.minimum(total, np.floor(total * share + rng.random(total.shape[0]))))


def id_width(total: int) -> int:
    """Digits of every id in a batch of ``total``: the same for all blocks of one file."""
    return max(7, len(str(total)))


def _entity_ids(start: int, n: int, width: int) -> pa.Array:
    """Ids "E0000001" … built as one byte buffer (arrow string casts are slow at 10^6 rows)."""
    number = np.arange(start + 1, start + n + 1, dtype=np.int64)
    chars = np.empty((n, width + 1), dtype=np.uint8)
    chars[:, 0] = ord("E")
    for k in range(width, 0, -1):  # a loop over digit positions
        chars[:, k] = ord("0") + number % 10
        number //= 10
    offsets = np.arange(0, (n + 1) * (width + 1), width + 1, dtype=np.int32)
    return pa.StringArray.from_buffers(n, pa.py_buffer(offsets), pa.py_buffer(chars.tobytes()))


def _quantities(b: _Base, rng: np.random.Generator) -> dict[str, np.ndarray]:
    n, f, out = b.n, b.fam, b.output
    energy = out * _lognormal(rng, f["energy"], 0.5, n)
    fresh = out * _lognormal(rng, f["water"], 0.6, n)
    reuse = _share(rng, f["reuse"], n, 0.8) * (rng.random(n) > 0.05)  # 5 % reuse nothing
    solid = out * _lognormal(rng, f["solid"], 0.8, n)
    hazardous = out * _lognormal(rng, f["hazardous"], 1.0, n) * (rng.random(n) > 0.1)
    wastewater = fresh * _share(rng, 0.7, n, 0.6)
    co2 = energy * _lognormal(rng, 2.3, 0.15, n) + out * _lognormal(
        rng, f["process_co2"] + 1e-9, 0.3, n
    )
    opcost = out * _share(rng, 0.85, n, 0.4)
    executives = 3.0 + rng.poisson(b.count_scale * 4.0).astype(float)
    votes = np.where(
        rng.random(n) < np.where(b.size >= 2, 0.3, 0.05), 100.0, 100 * _share(rng, 0.55, n, 0.8)
    )
    return {
        "ent_output_value": np.round(out, 2),
        "ent_energy_consumption": np.round(energy, 3),
        "ent_fresh_water": np.round(fresh, 1),
        "ent_water_reused": np.round(fresh * reuse / (1.0 - np.minimum(reuse, 0.995)), 1),
        "ent_general_solid_waste_generated": np.round(solid, 3),
        "ent_general_solid_waste_utilized": np.round(solid * _share(rng, 0.75, n, 1.0), 3),
        "ent_hazardous_waste_generated": np.round(hazardous, 3),
        "ent_hazardous_waste_utilized": np.round(hazardous * _share(rng, 0.4, n, 1.2), 3),
        "ent_wastewater_discharged": np.round(wastewater, 1),
        "ent_waste_gas_discharged": np.round(out * _lognormal(rng, f["gas"], 0.7, n), 0),
        "ent_cod_discharged": np.round(wastewater * _lognormal(rng, f["cod"], 0.5, n) * 1e-6, 4),
        "ent_ammonia_nitrogen_discharged": np.round(wastewater * _lognormal(rng, f["nh3"], 0.6, n) * 1e-6, 5),
        "ent_voc_discharged": np.round(out * _lognormal(rng, f["voc"], 0.8, n) / 1000, 4),
        "ent_co2e_emissions": np.round(co2, 2),
        "ent_employees": b.employees,
        "ent_masters_employees": _count_share(rng, b.employees, _share(rng, f["masters"], n, 0.7)),
        "ent_disabled_employees": _count_share(rng, b.employees, _share(rng, 0.01, n, 0.6)),
        "ent_donations": np.round(out * _lognormal(rng, 2e-4, 1.0, n) * (rng.random(n) < 0.5 + 0.1 * b.quality), 2),
        "ent_rd_expenditure": np.round(opcost * _lognormal(rng, f["rd"], 0.6, n) / 100, 2),
        "ent_operating_cost": np.round(opcost, 2),
        "ent_executives": executives,
        "ent_party_member_executives": _count_share(rng, executives, _share(rng, 0.35, n, 1.0)),
        "ent_controlling_shareholder_votes": np.round(votes, 2),
    }  # fmt: skip


def _probability(share: float, quality: np.ndarray) -> np.ndarray:
    """P(1) with about ``share`` overall, higher for better-managed enterprises (quality ~
    N(0, 1); the factor keeps the logistic-normal mean near ``share``)."""
    logit = 1.18 * np.log(share / (1 - share)) + quality
    return np.asarray(1.0 / (1.0 + np.exp(-logit)))


def _field(
    fd: FieldDef, b: _Base, rng: np.random.Generator, known: dict[str, np.ndarray]
) -> np.ndarray:
    """One field's values for a block: floats (numeric, boolean, counts) or category indices."""
    n = b.n
    if fd.id in known:
        return known[fd.id]
    if fd.id in SCALE_OF_OUTPUT:  # size-classification measures (营业收入, 资产总额)
        median, sigma = SCALE_OF_OUTPUT[fd.id]
        return np.asarray(np.round(b.output * _lognormal(rng, median, sigma, n), 2))
    if fd.kind == Kind.boolean:
        share = BOOLEAN_SHARES.get(fd.id, 0.6)
        yes = rng.random(n) < _probability(share, b.quality)
        if fd.id == "ent_hazardous_waste_managed":  # “无危险废物的企业填 1”
            yes |= known["ent_hazardous_waste_generated"] == 0
        return yes.astype(float)
    if fd.kind == Kind.ordinal:
        k = max(len(fd.categories), 1)
        shares = np.asarray(ORDINAL_SHARES.get(fd.id, tuple(0.5 ** (i + 1) for i in range(k)))[:k])
        latent = -0.6 * (b.quality - b.quality.mean()) + 0.8 * rng.standard_normal(n)
        if fd.id == "ent_env_credit_colour" and "ent_env_penalties" in known:
            latent = latent + 1.5 * (known["ent_env_penalties"] > 0)
        u = _normal_cdf(latent)
        return np.searchsorted(np.cumsum(shares / shares.sum()), u, side="right").clip(0, k - 1)
    if fd.unit == "次":
        mean, by_size = COUNT_MEANS.get(
            fd.id, (0.05 if "violation" in fd.id or "penalt" in fd.id else 0.3, False)
        )
        lam = mean * np.exp(-0.5 * (b.quality - 0.2)) * (b.count_scale if by_size else 1.0)
        return rng.poisson(lam).astype(float)
    if fd.unit == "%":
        return np.round(100 * _share(rng, 0.3, n), 2)
    if fd.unit == "人":
        return _count_share(rng, b.employees, _share(rng, 0.1, n))
    return np.asarray(np.round(b.output * _lognormal(rng, 0.01, 1.0, n), 3))  # any other quantity


def _normal_cdf(x: np.ndarray) -> np.ndarray:
    """Φ(x) to within 0.01 (logistic approximation): plenty for synthetic category shares."""
    return 1.0 / (1.0 + np.exp(-1.702 * x))


def _strings(values: list[str], index: np.ndarray, mask: np.ndarray | None = None) -> pa.Array:
    idx = pa.array(index.astype(np.int32), mask=mask)
    return pc.take(pa.array(values, pa.string()), idx)


def _block(
    seed: int, block: int, start: int, n: int, year: int, fields: list[FieldDef], width: int
) -> pa.Table:
    b = _base(seed, block, n)
    known = _quantities(b, _stream(seed, block, "__quantities__"))
    codes = [c for c, _, _ in INDUSTRIES]
    rng = _stream(seed, block, "__names__")
    family_word = {f: f for f in FAMILIES} | {
        "电力热力": "能源",
        "汽车零部件": "汽配",
        "金属制品": "金属",
    }
    words = [family_word[f] for _, f, _ in INDUSTRIES]
    name = pc.binary_join_element_wise(
        pc.utf8_slice_codeunits(_strings(list(CITIES), b.city), 0, -1),
        _strings(BRAND, rng.integers(0, len(BRAND), n)),
        _strings(BRAND2, rng.integers(0, len(BRAND2), n)),
        _strings(words, b.industry),
        "有限公司",
        "",
    )
    cols: dict[str, pa.Array] = {
        "entity_id": _entity_ids(start, n, width),
        "year": pa.array(np.full(n, year, dtype=np.int64)),
        "name": name,
        "industry": _strings(codes, b.industry),
        "region": _strings(list(CITIES), b.city),
        "size_class": _strings(list(SIZES), b.size),
    }
    # a loop over fields, never over rows; ordinals last (the credit colour reads the penalties)
    values: dict[str, tuple[np.ndarray, np.ndarray]] = {}
    for fd in sorted(fields, key=lambda f: f.kind == Kind.ordinal):
        rng = _stream(seed, block, fd.id)
        v = _field(fd, b, rng, known)
        known.setdefault(fd.id, v)
        values[fd.id] = v, rng.random(n) < rng.uniform(*MISSING_SHARE)
    for fd in fields:
        v, missing = values[fd.id]
        if fd.kind == Kind.ordinal:
            cols[fd.id] = _strings(fd.categories, v, missing)
        else:
            cols[fd.id] = pa.array(v.astype(np.float64, copy=False), mask=missing)
    return pa.table(cols)


BATCH_YEAR = 2024  # the year of the generated batch (``parkesg demo``, the demo's key enterprises)


def _blocks(n: int, seed: int, year: int) -> Iterator[pa.Table]:
    fields = enterprise_fields()
    for block, start in enumerate(range(0, n, BLOCK_ROWS)):
        size = min(BLOCK_ROWS, n - start)
        yield _block(seed, block, start, size, year, fields, id_width(n))


def generate_enterprises(n: int, *, seed: int = 0, year: int = BATCH_YEAR) -> pa.Table:
    """``n`` synthetic enterprises for ``year``: one wide row each, every enterprise field."""
    if n < 1:
        raise ValueError("n must be at least 1")
    return pa.concat_tables(list(_blocks(n, seed, year)))


def write_enterprises(path: str | Path, n: int, seed: int = 0, *, year: int = BATCH_YEAR) -> Path:
    """Write ``n`` synthetic enterprises to Parquet (or CSV if the name ends in .csv), a block
    at a time so memory stays bounded for any ``n``."""
    import pyarrow.csv as pacsv
    import pyarrow.parquet as pq

    if n < 1:
        raise ValueError("n must be at least 1")
    path = Path(path)
    blocks = _blocks(n, seed, year)
    first = next(blocks)
    if path.suffix.lower() == ".csv":
        with pacsv.CSVWriter(str(path), first.schema) as w:
            w.write_table(first)
            for t in blocks:
                w.write_table(t)
    else:
        with pq.ParquetWriter(str(path), first.schema, compression="zstd") as w:
            w.write_table(first)
            for t in blocks:
                w.write_table(t)
    return path
