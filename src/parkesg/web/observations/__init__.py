"""Observations: one value of one catalogue field for one park or enterprise and year, entered
in a form, reviewed maker–checker, with the history of every value kept."""
