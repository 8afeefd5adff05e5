"""Pages of the ESG management system: the registers (``generic`` views over ``registers``),
the overview, KPI dashboard, charts and conformity checklist (``pages``), the scope, policy
and documented-information register (``documents``) and the report (``reports``)."""
