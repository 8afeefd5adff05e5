"""parkesg — 园区与企业 ESG 评价、清洁生产审核与绿色诊断。

Five Chinese standards for industrial parks and their enterprises as working software.
"""

__version__ = "0.1.0"
