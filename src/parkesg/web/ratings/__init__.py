"""Ratings for green credit (T/JDFA01—2025 §4, §6): rating organisations and evaluators,
rating projects over a portfolio, the written and comprehensive rating in one engine run,
conclusion with 资料复核 and committee sign-off, certificates, publication and objections,
and the banks' portfolio view."""
