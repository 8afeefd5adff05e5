"""The demo platform (``parkesg platform-demo``, ``make run``): demo organisations of every
kind, people with every role, and the demo park's and enterprises' observations — entered,
submitted and approved through the same services a person's clicks go through, so the audit
log, the review history and the value history are real.

- ``cast``: who is in the demo (organisations, people, grants) — data only;
- ``data``: the observations, read from the demo inputs ``parkesg.demo`` writes;
- ``guard``: the demo never writes into a database that is not the demo's own;
- ``seed``: puts the cast and the data in the database, idempotently.
"""
