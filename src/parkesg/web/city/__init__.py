"""The city's ESG action plan (常州市 ESG 体系建设行动方案, issue 19): the registers behind its
2027 targets, the target dashboard, the green-credit list."""
