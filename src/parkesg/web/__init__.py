"""The web face of parkesg: a Django platform where parks, enterprises, service providers,
banks and governments share one system and each sees only what is theirs.

Layout (NetBox's one shape per app): ``core`` (tenancy, the access policy, generic views),
``orgs`` (organisations, people, access grants, login), ``audit`` (append-only hash-chained
log). Each app has ``models services forms views urls api``; tests live in ``tests/web/``.
Views are thin: they call the app's ``services`` and every query goes through
``for_user(user, action)``.
"""
