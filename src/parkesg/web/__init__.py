"""The web face of parkesg: a Django platform where parks, enterprises, service providers,
banks and governments share one system and each sees only what is theirs.

Layout (NetBox's one shape per app): ``core`` (tenancy, the access policy, generic views),
``orgs`` (organisations, people, access grants, login), ``audit`` (append-only hash-chained
log). Each app has ``models services forms views urls api``; tests live in ``tests/web/``.
Views are thin: they call the app's ``services`` and every query goes through
``for_user(user, action)``.

Adding a model (e.g. an Assessment that copies the framework version it ran):
1. subclass ``core.tenancy.TenantModel`` (and ``core.review.Reviewable`` if it is checked);
   the access policy then applies with no new code — set ``shared_by_grants = False`` if
   grant holders must not see it, add ``published_at`` if governments see it once published;
2. write ``services`` functions that save through ``core.objects.save_for_user`` (audited,
   permission re-checked after save) and fetch through ``core.objects.get_for_user``;
3. register ``core.views.ObjectViews`` for it in ``views`` and add ``urls(...)``;
4. add a ``TestXxxViews(ObjectViewMatrix)`` in ``tests/web`` with the expected access.
"""
