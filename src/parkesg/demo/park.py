"""Demo park: five years (2019–2023) of observations for one fictitious national
economic-technological development zone, for every field of ``catalogue/park.yaml``.

The park is made up; its figures are plausible for a ~30 km² manufacturing zone in southern
Jiangsu, internally consistent, and realistic rather than perfect. Under T/CPPC 附件1 for
2023 it reaches 先进 on most indicators, 一般 on several (1, 5, 7, 8, 10, 16, 17, 19, 23)
and 未达一般 on two optional ones (3 工业增加值三年年均增长率 7.9 %, 4 资源再生利用产业
增加值占比 3.3 %); under the Beijing guide every basic requirement is met in 2021–2023
except the encouraged 7 (environmental and energy management systems).

Every number is a literal below, in the field's catalogue unit (booleans 1 / 0); the source
column uses the five data-source categories of T/ESC 001 9.1.2 a)–e).
"""

from __future__ import annotations

from typing import Any

import pandas as pd

ENTITY_ID = "P-DEMO-001"
YEARS = (2019, 2020, 2021, 2022, 2023)

# T/ESC 001—2024 9.1.2 数据来源
GOV = "政府部门公开数据"  # a) 国家、地方等主管部门公开的数据
RES = "研究机构数据"  # b) 研究机构提供的研究数据
STK = "利益相关方反馈"  # c) 利益相关方反馈的数据
STAT = "园区统计数据"  # d) 产业园区统计部门提供的数据
OTH = "其他可信数据"  # e) 其他具有公信力的数据

OBS_COLUMNS = ["entity_id", "year", "field", "value", "text", "unit", "source", "evidence"]
TARGET_COLUMNS = ["entity_id", "indicator_id", "baseline", "target"]

# field: (unit, source, evidence — "{y}" = the year, values 2019, 2020, 2021, 2022, 2023)
# fmt: off
NUMBERS: dict[str, tuple[Any, ...]] = {
    # ── economy (万元, 人) ────────────────────────────────────────────────────────────────
    "gdp":                                ("万元", GOV,  "{y}年常州市统计年鉴 开发区篇 表1",   5_600_000,   5_900_000,   6_450_000,   6_900_000,   7_400_000),
    "industrial_value_added":             ("万元", STAT, "{y}年园区统计年报 表3",            3_400_000,   3_610_000,   3_930_000,   4_220_000,   4_530_000),
    "industrial_value_added_above_scale": ("万元", STAT, "{y}年园区统计年报 表3",            3_120_000,   3_330_000,   3_630_000,   3_910_000,   4_210_000),
    "high_tech_value_added":              ("万元", STAT, "{y}年园区高新技术企业统计表",       1_780_000,   1_920_000,   2_130_000,   2_400_000,   2_700_000),
    "industrial_output":                  ("万元", STAT, "{y}年园区统计年报 表2",           14_200_000,  15_000_000,  16_600_000,  17_900_000,  19_100_000),
    "high_tech_output":                   ("万元", STAT, "{y}年园区统计年报 表2",            7_250_000,   7_800_000,   8_880_000,   9_850_000,  10_780_000),
    "green_industry_value_added":         ("万元", RES,  "{y}年园区绿色产业核算报告（省节能中心）", 720_000, 810_000,   950_000,   1_090_000,   1_250_000),
    "recycling_industry_value_added":     ("万元", STAT, "{y}年园区统计年报 表5",               98_000,     106_000,     120_000,     133_000,     148_000),
    "modern_service_value_added":         ("万元", STAT, "{y}年园区统计年报 表6",            1_050_000,   1_140_000,   1_280_000,   1_400_000,   1_540_000),
    "industrial_employees":               ("人",   STAT, "{y}年园区统计年报 表4",              178_000,     181_000,     190_000,     196_000,     201_000),
    # ── land (km2) ───────────────────────────────────────────────────────────────────────
    "land_area":                          ("km2",  GOV,  "园区总体规划（2018—2035）文本 第12条", 30.0,       30.0,        30.0,        30.0,        30.0),
    "industrial_land_area":               ("km2",  STAT, "{y}年园区土地利用现状调查表",          14.2,       14.5,        14.8,        15.0,        15.2),
    "green_area":                         ("km2",  STAT, "{y}年园区绿地统计表",                  8.70,       8.90,        9.10,        9.30,        9.45),
    "ecological_land_area":               ("km2",  GOV,  "{y}年度国土变更调查 园区汇总",         5.6,        5.7,         5.8,         5.9,         6.0),
    # ── energy and carbon (tce, tCO2) ────────────────────────────────────────────────────
    "energy_consumption":                 ("tce",  STAT, "{y}年园区能源统计报表 表1",        1_462_000,   1_516_000,   1_572_000,   1_604_000,   1_631_000),
    "energy_consumption_above_scale":     ("tce",  STAT, "{y}年园区能源统计报表 表1",        1_375_000,   1_426_000,   1_479_000,   1_510_000,   1_536_000),
    "final_energy_consumption":           ("tce",  STAT, "{y}年园区能源平衡表",              1_598_000,   1_655_000,   1_716_000,   1_752_000,   1_784_000),
    "renewable_energy":                   ("tce",  STAT, "{y}年园区能源统计报表 表4（光伏、绿电交易）", 55_600, 71_300,  94_300,     121_900,     151_700),
    "clean_energy":                       ("tce",  STAT, "{y}年园区能源统计报表 表3",        1_023_400,   1_084_000,   1_147_600,   1_203_000,   1_255_900),
    "co2_emissions":                      ("tCO2", RES,  "{y}年度园区温室气体排放核算报告",  3_350_000,   3_440_000,   3_600_000,   3_690_000,   3_780_000),
    "co2_emissions_above_scale":          ("tCO2", RES,  "{y}年度园区温室气体排放核算报告",  3_190_000,   3_275_000,   3_425_000,   3_505_000,   3_585_000),
    # ── water (m3, t) ────────────────────────────────────────────────────────────────────
    "fresh_water":                        ("m3",   STAT, "{y}年园区工业用水统计表",         25_800_000,  26_500_000,  27_600_000,  28_300_000,  29_000_000),
    "fresh_water_above_scale":            ("m3",   STAT, "{y}年园区工业用水统计表",         24_100_000,  24_700_000,  25_700_000,  26_300_000,  26_900_000),
    "water_reused":                       ("m3",   STAT, "{y}年园区工业用水统计表",        189_200_000, 203_900_000, 223_300_000, 243_800_000, 266_900_000),
    "wastewater_treated":                 ("m3",   STAT, "{y}年园区污水处理厂运行年报",     21_500_000,  22_100_000,  23_000_000,  23_600_000,  24_200_000),
    "reclaimed_water_used":               ("m3",   STAT, "{y}年园区污水处理厂运行年报",      3_650_000,   4_200_000,   4_830_000,   5_430_000,   6_050_000),
    "industrial_wastewater":              ("t",    GOV,  "{y}年环境统计年报 园区汇总",      12_600_000,  12_800_000,  13_100_000,  13_000_000,  12_900_000),
    # ── solid waste and recovered resources (t, GJ, m3) ──────────────────────────────────
    "solid_waste_generated":              ("t",    GOV,  "江苏省固体废物管理信息系统 {y}年园区汇总", 452_000, 468_000, 489_000,     505_000,     521_000),
    "solid_waste_utilized":               ("t",    GOV,  "江苏省固体废物管理信息系统 {y}年园区汇总", 405_300, 422_400, 444_600,     463_400,     482_800),
    "solid_waste_stock_utilized":         ("t",    GOV,  "江苏省固体废物管理信息系统 {y}年园区汇总",   6_000,   5_500,   5_000,       4_200,       3_800),
    "solid_waste_total":                  ("t",    GOV,  "江苏省固体废物管理信息系统 {y}年园区汇总", 521_000, 540_000, 566_000,     585_000,     604_000),
    "solid_waste_handled":                ("t",    GOV,  "江苏省固体废物管理信息系统 {y}年园区汇总", 518_900, 540_000, 566_000,     585_000,     604_000),
    "renewable_resources_collected":      ("t",    STAT, "{y}年园区再生资源回收台账",           61_000,      64_000,      70_000,      78_000,      86_000),
    "renewable_resources_recycled":       ("t",    STAT, "{y}年园区再生资源回收台账",           41_500,      45_400,      51_800,      60_800,      70_500),
    "waste_heat_available":               ("GJ",   RES,  "{y}年园区能源审计报告 第4章",      2_400_000,   2_450_000,   2_520_000,   2_580_000,   2_630_000),
    "waste_heat_recovered":               ("GJ",   RES,  "{y}年园区能源审计报告 第4章",      1_200_000,   1_270_000,   1_390_000,   1_500_000,   1_590_000),
    "waste_gas_available":                ("m3",   RES,  "{y}年园区能源审计报告 第5章",     95_000_000,  98_000_000, 102_000_000, 105_000_000, 108_000_000),
    "waste_gas_recovered":                ("m3",   RES,  "{y}年园区能源审计报告 第5章",     76_000_000,  79_400_000,  84_700_000,  88_200_000,  92_900_000),
    "main_pollutant_emissions":           ("t",    GOV,  "{y}年环境统计年报 园区汇总",           3_150,       3_020,       2_880,       2_760,       2_650),
    # ── buildings and transport (m2, %, 辆, 个) ──────────────────────────────────────────
    "new_industrial_building_area":       ("m2",   STAT, "{y}年园区竣工验收备案汇总",          820_000,     760_000,     880_000,     910_000,     850_000),
    "new_industrial_green_building_area": ("m2",   OTH,  "{y}年绿色建筑标识证书汇编",          246_000,     250_800,     325_600,     382_200,     391_000),
    "new_public_building_area":           ("m2",   STAT, "{y}年园区竣工验收备案汇总",          120_000,     105_000,     130_000,     142_000,     138_000),
    "new_public_green_building_area":     ("m2",   OTH,  "{y}年绿色建筑标识证书汇编",           84_000,      78_800,     104_000,     120_700,     124_200),
    "bus_stop_coverage":                  ("%",    RES,  "{y}年园区公交站点覆盖测绘报告",           82.0,        84.0,        86.0,        88.5,        90.5),
    "buses_total":                        ("辆",   GOV,  "{y}年市公交集团线路车辆台账",            210,         215,         222,         228,         235),
    "buses_clean":                        ("辆",   GOV,  "{y}年市公交集团线路车辆台账",            150,         168,         190,         210,         228),
    "ev_charging_points":                 ("个",   STAT, "{y}年园区充电设施统计表",                850,       1_300,       2_100,       3_300,       4_800),
    "parking_spaces":                     ("个",   STAT, "{y}年园区停车设施统计表",             62_000,      64_000,      66_500,      68_500,      70_000),
    "road_shade_ratio":                   ("%",    RES,  "{y}年园区绿化遮荫调查报告",               62.0,        64.0,        66.0,        68.0,        70.0),
    "parking_shade_ratio":                ("%",    RES,  "{y}年园区绿化遮荫调查报告",               38.0,        42.0,        46.0,        50.0,        55.0),
    # ── environment (天, 次, 个) ─────────────────────────────────────────────────────────
    "air_good_days":                      ("天",   GOV,  "{y}年区生态环境状况公报",                 266,         297,         300,         289,         294),
    "air_monitored_days":                 ("天",   GOV,  "{y}年区生态环境状况公报",                 365,         366,         364,         365,         365),
    "major_env_incidents":                ("次",   GOV,  "{y}年区生态环境局突发环境事件通报",         0,           0,           0,           0,           0),
    "key_enterprises":                    ("个",   GOV,  "江苏省{y}年强制性清洁生产审核企业名单",     28,          31,          34,          36,          38),
    "key_enterprises_audited":            ("个",   GOV,  "{y}年清洁生产审核评估验收结果公告",         25,          29,          34,          36,          38),
    "cp_campaigns":                       ("次",   STAT, "{y}年园区清洁生产宣传活动档案",             1,           1,           2,           3,           4),
    "key_polluters":                      ("个",   GOV,  "{y}年常州市重点排污单位名录",               41,          44,          46,          48,          52),
    "key_polluters_disclosing":           ("个",   STAT, "园区环境信息公开平台 {y}年公开统计",       37,          41,          45,          48,          52),
    # ── T/ESC 001 economy, society, governance (个, 万元, 人) ──────────────────────────────
    "green_factories":                    ("个",   GOV,  "工业和信息化部绿色制造名单（截至{y}年）",    3,           5,           7,          10,          12),
    "green_brands":                       ("个",   GOV,  "省级及以上绿色低碳品牌认定文件（截至{y}年）", 4,           6,           9,          12,          15),
    "incubators":                         ("个",   GOV,  "科技部国家级孵化器、众创空间名单（截至{y}年）", 3,         4,           4,           5,           6),
    "public_service_expenditure":         ("万元", GOV,  "{y}年园区财政决算公开 表2",           58_000,      60_500,      62_000,      63_800,      65_000),
    "budget_expenditure":                 ("万元", GOV,  "{y}年园区财政决算公开 表1",          610_000,     640_000,     672_000,     698_000,     725_000),
    "executives":                         ("人",   STAT, "{y}年管委会领导班子名单",                  11,          11,          12,          12,          13),
    "female_executives":                  ("人",   STAT, "{y}年管委会领导班子名单",                   2,           2,           3,           3,           4),
    "enterprises_esg_reporting":          ("个",   STK,  "{y}年园区企业ESG报告收集台账",              6,           9,          14,          21,          30),
}

# Booleans, unit "1": 1 = 具备 / 是 / 达标, 0 = 不具备 / 否.
BOOLEANS: dict[str, tuple[Any, ...]] = {
    # ── infrastructure and environment ───────────────────────────────────────────────────
    "central_wastewater_treatment":  (STAT, "园区污水处理厂排污许可证及在线监控联网记录（{y}年）", 1, 1, 1, 1, 1),
    "reclaimed_water_facility":      (STAT, "园区再生水厂竣工验收文件（2018年）",                   1, 1, 1, 1, 1),
    "key_sources_compliant":         (GOV,  "{y}年重点污染源监督性监测结果公开",                   1, 1, 1, 1, 1),
    "chemical_park":                 (GOV,  "园区总体规划（2018—2035）产业定位",                   0, 0, 0, 0, 0),
    # ── T/CPPC 附表1 (22)(24)(25): management ─────────────────────────────────────────────
    "cp_audit_system":               (STAT, "管委会《园区清洁生产审核实施方案》（2021年印发）",       0, 0, 1, 1, 1),
    "env_dept":                      (STAT, "管委会内设机构及职能规定（{y}年）",                   1, 1, 1, 1, 1),
    "env_duties":                    (STAT, "管委会内设机构及职能规定（{y}年）",                   1, 1, 1, 1, 1),
    "env_performance_review":        (STAT, "{y}年园区领导班子绩效考核办法",                       0, 1, 1, 1, 1),
    "cp_audit_staff":                (STAT, "管委会清洁生产工作专班设立通知（2021年）",             0, 0, 1, 1, 1),
    "env_risk_assessment":           (RES,  "园区环境风险评估报告（{y}年版）",                     1, 1, 1, 1, 1),
    "env_emergency_plan":            (GOV,  "园区突发环境事件应急预案备案表（{y}年）",             1, 1, 1, 1, 1),
    "env_emergency_resources":       (STAT, "{y}年园区应急物资储备清单及救援队伍名册",             1, 1, 1, 1, 1),
    "env_emergency_drills":          (STAT, "{y}年园区环境应急演练记录",                           1, 1, 1, 1, 1),
    "env_risk_warning_platform":     (STAT, "园区环境风险监测预警平台验收报告（2022年）",           0, 0, 0, 1, 1),
    # ── 北京 附件2-1-1 基础性要求 ─────────────────────────────────────────────────────────
    "br_laws_implemented":           (STAT, "{y}年园区绿色发展工作总结",                           1, 1, 1, 1, 1),
    "br_no_major_incident":          (GOV,  "{y}年区节能减排目标责任考核结果",                     1, 1, 1, 1, 1),
    "br_env_quality":                (GOV,  "{y}年区生态环境状况公报",                             0, 1, 1, 1, 1),
    "br_key_enterprise_audit":       (GOV,  "{y}年清洁生产审核评估验收结果公告",                   0, 0, 1, 1, 1),
    "br_no_obsolete":                (GOV,  "{y}年落后产能排查整治报告",                           1, 1, 1, 1, 1),
    "br_green_agency":               (STAT, "管委会绿色发展办公室设立及人员编制文件（2020年）",     0, 1, 1, 1, 1),
    "br_management_systems":         (STAT, "{y}年园区管理体系认证情况说明",                       0, 0, 0, 0, 0),
    "br_renewable_facilities":       (STAT, "{y}年园区分布式光伏并网台账",                         1, 1, 1, 1, 1),
    # ── T/ESC 001 表A.1 是/否 ─────────────────────────────────────────────────────────────
    "green_finance_capacity":        (STK,  "{y}年园区绿色金融服务中心合作银行反馈",               0, 0, 1, 1, 1),
    "vocational_training":           (STAT, "园区职业技能实训基地备案文件",                         1, 1, 1, 1, 1),
    "barrier_free":                  (STAT, "{y}年园区无障碍环境建设实施方案",                     0, 0, 1, 1, 1),
    "park_esg_report":               (OTH,  "《{y}年园区可持续发展报告》（园区官网）",             0, 0, 0, 0, 1),
    "green_mgmt_dept":               (STAT, "管委会内设机构及职能规定（{y}年）",                   0, 1, 1, 1, 1),
    "industry_plan":                 (GOV,  "园区产业发展规划（{y}年有效版本）",                   1, 1, 1, 1, 1),
    "green_policy":                  (GOV,  "管委会绿色发展扶持政策（{y}年有效版本）",             0, 1, 1, 1, 1),
    "smart_platform":                (STAT, "园区绿色智慧管理平台验收报告（2022年）",               0, 0, 0, 1, 1),
    "esg_disclosure_policy":         (STAT, "{y}年园区政策文件清单",                               0, 0, 0, 0, 0),
    "green_procurement":             (GOV,  "{y}年园区政府采购绿色产品统计",                       1, 1, 1, 1, 1),
    "iso9001":                       (OTH,  "管委会 ISO 9001 认证证书（认证机构，{y}年有效）",     0, 1, 1, 1, 1),
}

# Ordinals, unit "1": the category text (catalogue order, best first).
ORDINALS: dict[str, tuple[Any, ...]] = {
    "green_standard_system":         (STAT, "{y}年园区绿色标准体系明细表",       "基本完善", "基本完善", "较完善",     "较完善",     "较完善"),
    "green_development_plan":        (GOV,  "园区绿色发展规划编制及发布文件",     "编制中",   "已编制",   "已发布实施", "已发布实施", "已发布实施"),
    "green_info_platform":           (STAT, "{y}年园区绿色信息平台功能清单",     "不完善",   "基本完善", "基本完善",   "较完善",     "较完善"),
}

# T/ESC 001 6.3.1 / 6.3.2: baseline = the KPI's 2021 value computed from the tables above
# (rounded to 4 decimals), target = the park's 2025 target. Two KPIs have no target, so the
# demo shows that case: 16 gdp_growth (a growth rate is targeted per year, not as progress
# from a baseline) and 22 public_service_expenditure_share (direction not settled, see its note).
TARGETS: dict[str, tuple[float, float]] = {
    # indicator_id:                          baseline,  target    2021 value = formula on the 2021 row
    "clean_energy_share":                   (66.8765,  75.0),    # 1 147 600 / 1 716 000 × 100
    "energy_intensity_above_scale":         (0.4074,   0.34),    # 1 479 000 / 3 630 000
    "carbon_intensity_above_scale":         (0.9435,   0.78),    # 3 425 000 / 3 630 000
    "water_intensity_above_scale":          (7.0799,   6.0),     # 25 700 000 / 3 630 000
    "water_reuse_rate":                     (88.9996,  92.0),    # 223.3 / (223.3 + 27.6) × 100
    "solid_waste_utilization_rate":         (90.0,     95.0),    # 444 600 / (489 000 + 5 000) × 100
    "air_good_days_share":                  (82.4176,  85.0),    # 300 / 364 × 100
    "green_coverage_rate":                  (30.3333,  33.0),    # 9.1 / 30 × 100
    "green_building_share":                 (42.5347,  60.0),    # (325 600 + 104 000) / (880 000 + 130 000) × 100
    "ecological_land_index":                (0.1933,   0.21),    # 5.8 / 30
    "national_green_factories":             (7.0,      15.0),
    "green_low_carbon_brands":              (9.0,      18.0),
    "central_wastewater_treatment_built":   (1.0,      1.0),
    "reclaimed_water_facility_built":       (1.0,      1.0),
    "ev_charging_share":                    (3.1579,   10.0),    # 2 100 / 66 500 × 100
    "gdp_per_land_area":                    (21.5,     28.0),    # 6 450 000 / 10 000 / 30
    "green_industry_share":                 (24.1730,  30.0),    # 950 000 / 3 930 000 × 100
    "green_finance_support":                (1.0,      1.0),
    "high_tech_output_share":               (53.4940,  60.0),    # 8 880 000 / 16 600 000 × 100
    "national_incubators":                  (4.0,      8.0),
    "female_executive_share":               (25.0,     35.0),    # 3 / 12 × 100
    "vocational_training_institution":      (1.0,      1.0),
    "barrier_free_environment":             (1.0,      1.0),
    "enterprises_publishing_esg":           (14.0,     50.0),
    "park_esg_report_published":            (0.0,      1.0),
    "green_management_department":          (1.0,      1.0),
    "industry_plan_published":              (1.0,      1.0),
    "green_policy_published":               (1.0,      1.0),
    "smart_platform_built":                 (0.0,      1.0),
    "esg_disclosure_policy_published":      (0.0,      1.0),
    "green_procurement_practised":          (1.0,      1.0),
    "iso9001_certified":                    (1.0,      1.0),
    "env_emergency_plan_prepared":          (1.0,      1.0),
}
# fmt: on


def demo_park_profile() -> dict[str, Any]:
    """Who the demo park is: id, name, kind, region, industry focus and area."""
    return {
        "entity_id": ENTITY_ID,
        "name": "江南示范经济技术开发区",
        "name_en": "Jiangnan Demonstration Economic and Technological Development Zone",
        "kind": "park",
        "level": "国家级经济技术开发区",
        "region": "江苏省常州市",
        "industry": "C",  # GB/T 4754 门类：制造业
        "industry_focus": ["智能装备制造", "新能源（动力电池、光伏组件）", "新材料"],
        "area_km2": 30.0,
        "years": list(YEARS),
        "note": "虚构园区，数据仅供演示，不代表任何真实园区。",
    }


def _rows(table: dict[str, tuple[Any, ...]], unit: str | None) -> list[dict[str, Any]]:
    out = []
    for field, row in table.items():
        if unit is None:  # NUMBERS carry their unit; BOOLEANS and ORDINALS are unit "1"
            (fu, source, evidence), values = row[:3], row[3:]
        else:
            (source, evidence), values, fu = row[:2], row[2:], unit
        for year, v in zip(YEARS, values, strict=True):
            text = v if isinstance(v, str) else None
            out.append(
                {
                    "entity_id": ENTITY_ID,
                    "year": year,
                    "field": field,
                    "value": None if text is not None else float(v),
                    "text": text,
                    "unit": fu,
                    "source": source,
                    "evidence": evidence.format(y=year),
                }
            )
    return out


def demo_park() -> pd.DataFrame:
    """LONG observations of the demo park: one row per year and catalogue field."""
    rows = _rows(NUMBERS, None) + _rows(BOOLEANS, "1") + _rows(ORDINALS, "1")
    df = pd.DataFrame(rows, columns=OBS_COLUMNS).astype({"year": "int64", "value": "float64"})
    df["text"] = df["text"].astype(object).where(df["text"].notna(), None)  # None, not NaN
    return df


def demo_targets() -> pd.DataFrame:
    """Baseline (2021) and 2025 target of the T/ESC 001 KPIs that have one."""
    rows = [
        {"entity_id": ENTITY_ID, "indicator_id": k, "baseline": b, "target": t}
        for k, (b, t) in TARGETS.items()
    ]
    return pd.DataFrame(rows, columns=TARGET_COLUMNS)
