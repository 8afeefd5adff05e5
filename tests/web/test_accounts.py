"""Accounts (等保 level 3 identity): the second factor (TOTP + recovery codes) for admins and
platform staff, one's own password, reset / unlock / second-factor reset by who manages the
account, the operator's first admin, and the three platform duties kept apart (三员分立)."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice
from world import PASSWORD

from parkesg.web.audit.models import AuditRecord
from parkesg.web.observations.models import Observation
from parkesg.web.orgs import accounts
from parkesg.web.orgs.login import REFUSED
from parkesg.web.orgs.models import Organisation, OrgKind, User


def _code(device: TOTPDevice, drift: int = 0) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = totp.time + drift * device.step
    return f"{totp.token():06d}"


def _post_login(c: Client, name: str, password: str = PASSWORD, code: str = ""):
    return c.post("/login/", {"username": name, "password": password, "code": code})


def _enrol(c: Client, name: str) -> tuple[TOTPDevice, list[str]]:
    """Log in a first time: password → enrolment page (QR code) → first code → recovery codes."""
    r = _post_login(c, name)
    assert r.status_code == 302 and r["Location"] == "/login/enrol/"
    page = c.get("/login/enrol/").content.decode()
    assert 'src="data:image/svg+xml' in page  # the QR code, drawn on the server
    device = TOTPDevice.objects.get(user__username=name, confirmed=False)
    assert c.post("/login/enrol/", {"code": "000000" if _code(device) != "000000" else "111111"}
                  ).status_code == 422  # fmt: skip
    # a wrong code makes the device wait (django-otp throttling: 1 s, 2 s, 4 s …); not here
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_count=0)
    r = c.post("/login/enrol/", {"code": _code(device)})
    assert r.status_code == 302 and r["Location"] == "/account/recovery-codes/"
    page = c.get("/account/recovery-codes/").content.decode()
    codes = re.findall(r"<li><code>([a-z0-9]+)</code></li>", page)
    assert len(codes) == 10
    assert "<li><code>" not in c.get("/account/recovery-codes/").content.decode()  # shown once
    return device, codes


def test_admin_enrols_then_logs_in_with_code_or_recovery_code(world):
    c = Client()
    device, codes = _enrol(c, "ent_a1_admin")
    assert c.get("/").status_code == 200  # logged in by the enrolment
    c.post("/logout/")
    # without a code, with a wrong one: the one message; with the next code: in
    for code in ("", "123456x"):
        r = _post_login(Client(), "ent_a1_admin", code=code)
        assert r.status_code == 401 and str(REFUSED) in r.content.decode()
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_count=0)
    StaticDevice.objects.filter(user=device.user).update(throttling_failure_count=0)
    assert _post_login(Client(), "ent_a1_admin", code=_code(device, 1)).status_code == 302
    # a recovery code works once
    assert _post_login(Client(), "ent_a1_admin", code=codes[0]).status_code == 302
    assert _post_login(Client(), "ent_a1_admin", code=codes[0]).status_code == 401
    actions = list(AuditRecord.objects.filter(actor_name="ent_a1_admin")
                   .values_list("action", flat=True))  # fmt: skip
    assert actions.count("otp_enrol") == 2 and actions.count("login") == 3


def test_enrolment_needs_the_password_first(world):
    assert Client().get("/login/enrol/").status_code == 302  # nobody pending: back to login
    c = Client()
    assert _post_login(c, "ent_a1_admin", password="wrong-password").status_code == 401
    assert c.get("/login/enrol/")["Location"] == "/login/"


def test_editor_logs_in_without_a_second_factor_unless_enrolled(world):
    assert _post_login(Client(), "ent_a1_editor").status_code == 302


def test_a_session_without_second_factor_is_ended_for_an_admin(world):
    c = Client()
    assert _post_login(c, "ent_a1_editor").status_code == 302
    User.objects.filter(username="ent_a1_editor").update(role="admin")  # promoted meanwhile
    r = c.get("/observations/")
    assert r.status_code == 302 and r["Location"].startswith("/login/")
    assert c.get("/").status_code == 302  # logged out


def test_everyone_changes_their_own_password(world):
    c = Client()
    c.force_login(world.user("gov_bj", "viewer"))
    assert c.post("/account/password/", {"old_password": "wrong", "new_password1": "Qx7-new-pass",
                  "new_password2": "Qx7-new-pass"}).status_code == 200  # fmt: skip
    r = c.post("/account/password/", {"old_password": PASSWORD, "new_password1": "Qx7-new-pass",
               "new_password2": "Qx7-new-pass"})  # fmt: skip
    assert r.status_code == 302
    assert c.get("/").status_code == 200  # still logged in
    assert _post_login(Client(), "gov_bj_viewer", password="Qx7-new-pass").status_code == 302
    assert AuditRecord.objects.filter(action="password_change", actor_name="gov_bj_viewer").exists()


def test_admin_resets_a_password_which_must_then_be_changed(world):
    admin = Client()
    admin.force_login(world.user("ent_a1", "admin"))
    target = world.user("ent_a1", "editor")
    r = admin.post(f"/people/{target.pk}/reset/", follow=True)
    temp = re.search(r"([A-Za-z0-9]{4}-[A-Za-z0-9]{4}-[A-Za-z0-9]{4}-[A-Za-z0-9]{4})",
                     r.content.decode()).group(1)  # fmt: skip
    assert _post_login(Client(), "ent_a1_editor").status_code == 401  # the old one is gone
    c = Client()
    assert _post_login(c, "ent_a1_editor", password=temp).status_code == 302
    assert c.get("/observations/")["Location"] == "/account/password/"
    assert c.get("/api/observations").status_code == 403
    c.post("/account/password/", {"old_password": temp, "new_password1": "Qx7-own-choice",
           "new_password2": "Qx7-own-choice"})  # fmt: skip
    assert c.get("/observations/").status_code == 200


def test_resets_only_by_who_manages_the_account(world):
    target = world.user("ent_a1", "editor")
    for org, role, status in [("ent_a1", "editor", 403), ("ent_b1", "admin", 404),
                              ("park_a", "admin", 404)]:  # fmt: skip
        c = Client()
        c.force_login(world.user(org, role))
        for step in ("reset", "unlock", "otp-reset"):
            assert c.post(f"/people/{target.pk}/{step}/").status_code == status, (org, role, step)
    own = Client()
    admin = world.user("ent_a1", "admin")
    own.force_login(admin)
    assert own.post(f"/people/{admin.pk}/reset/").status_code == 403  # not one's own


def test_second_factor_reset_means_enrolling_again(world):
    c = Client()
    _enrol(c, "park_a_admin")
    User.objects.filter(username="park_b_admin")  # another org's admin cannot reset it (above)
    sec = accounts.create_staff(username="sec1", password="Zx9!security-pw", duty="security")
    s = Client()
    s.force_login(sec)
    target = User.objects.get(username="park_a_admin")
    assert s.post(f"/people/{target.pk}/otp-reset/").status_code == 302
    assert not TOTPDevice.objects.filter(user=target).exists()
    r = _post_login(Client(), "park_a_admin")
    assert r.status_code == 302 and r["Location"] == "/login/enrol/"


def test_operator_adds_an_organisations_first_admin_only(world):
    op = User.objects.create_superuser("operator", password="Zx9!operator-pw")
    assert op.duty == "system"
    new = Organisation.objects.create(name="新企业", kind=OrgKind.enterprise, region="320411")
    c = Client()
    c.force_login(op)
    form = c.get("/people/add/").content.decode()
    assert "新企业" in form and "企业A1" not in form  # only organisations without an admin
    assert 'value="editor"' not in form  # the role is admin, nothing else
    r = c.post("/people/add/", {"username": "new_admin", "password": "Zx9!first-admin",
                                "role": "admin", "organisation": new.pk})  # fmt: skip
    assert r.status_code == 302
    first = User.objects.get(username="new_admin")
    assert (first.role, first.organisation, first.must_change_password) == ("admin", new, True)
    # a second person, another role, or an organisation that has its admin: refused
    for org, role in [(new, "admin"), (new, "editor"), (world.orgs["ent_a1"], "viewer")]:
        r = c.post("/people/add/", {"username": f"x_{role}", "password": "Zx9!first-admin",
                                    "role": role, "organisation": org.pk})  # fmt: skip
        assert r.status_code == 200 and not User.objects.filter(username=f"x_{role}").exists()
    # the operator sees no data, changes no one's role
    assert Observation.objects.for_user(op, "view").count() == 0
    editor = world.user("ent_a1", "editor")
    assert c.get(f"/people/{editor.pk}/").status_code == 404
    assert c.post(f"/people/{first.pk}/edit/", {"role": "viewer"}).status_code == 403  # seen
    assert c.get(f"/observations/{world.obs['ent_a1'].pk}/").status_code == 404


# Which platform duty may do what (三员分立; README "Accounts"). Status of a GET (or POST).
DUTY_PAGES = [
    ("/organisations/add/", {"system": 200, "security": 403, "audit": 403}),
    ("/people/add/", {"system": 200, "security": 403, "audit": 403}),
    ("/people/", {"system": 200, "security": 200, "audit": 200}),
    ("/audit/", {"system": 200, "security": 200, "audit": 200}),
    ("/api/audit", {"system": 200, "security": 200, "audit": 200}),
]


@pytest.mark.parametrize("duty", ["system", "security", "audit"])
def test_three_duties_apart(world, duty):
    staff = accounts.create_staff(username=f"staff_{duty}", password="Zx9!staff-password",
                                  duty=duty)  # fmt: skip
    c = Client()
    c.force_login(staff)
    for url, want in DUTY_PAGES:
        assert c.get(url).status_code == want[duty], (duty, url)
    editor = world.user("ent_a1", "editor")
    people = c.get("/people/").content.decode()
    assert (f"/people/{editor.pk}/" in people) is (duty == "security")  # accounts: security
    # the audit log: the audit administrator reads security events, not data changes
    c2 = Client()
    c2.post("/login/", {"username": "ent_a1_editor", "password": "wrong-password"})
    audit_rows = {r["action"] for r in c.get("/api/audit?limit=500").json()["items"]}
    if duty == "audit":
        assert "login_failed" in audit_rows and "create" not in audit_rows - {"create"}
    else:
        assert audit_rows == set()
    # nobody of the staff reads an organisation's data
    assert c.get(f"/observations/{world.obs['ent_a1'].pk}/").status_code == 404
    assert c.get("/api/observations").json()["count"] == 0
    # the security administrator unlocks and resets; the others may not
    want = 302 if duty == "security" else 404
    assert c.post(f"/people/{editor.pk}/unlock/").status_code == want


def test_one_duty_per_account(world):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create_user("mixed", organisation=world.orgs["ent_a1"], duty="audit")
    auditor = accounts.create_staff(username="aud", password="Zx9!staff-password", duty="audit")
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.filter(pk=auditor.pk).update(is_superuser=True)  # an auditor with all rights


def test_a_first_admin_enrols_sees_the_codes_then_sets_a_password(world):
    op = User.objects.create_superuser("operator", password="Zx9!operator-pw")
    org = Organisation.objects.create(name="新园区", kind=OrgKind.park, region="320411")
    accounts.create_first_admin(actor=op, organisation=org, username="first",
                                password="Zx9!handed-over")  # fmt: skip
    c = Client()
    assert _post_login(c, "first", password="Zx9!handed-over")["Location"] == "/login/enrol/"
    c.get("/login/enrol/")
    device = TOTPDevice.objects.get(user__username="first")
    assert (
        c.post("/login/enrol/", {"code": _code(device)})["Location"] == "/account/recovery-codes/"
    )
    assert len(re.findall(r"<li><code>", c.get("/account/recovery-codes/").content.decode())) == 10
    assert c.get("/")["Location"] == "/account/password/"  # then the password of its own
