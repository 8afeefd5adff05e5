"""Assessments in the browser: run a framework on an entity's approved observations, keep the
results (and the framework version used), show them with traces and charts, write reports."""
