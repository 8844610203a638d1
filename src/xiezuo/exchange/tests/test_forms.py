"""Create and edit forms of mentorships, engagements, bases; the posting edit form;
optimistic locking (hidden version), field errors, read-only roles and other counties."""

import datetime

import pytest

from xiezuo.exchange.models import Base, Engagement, Mentorship, Posting

D = datetime.date
pytestmark = pytest.mark.django_db


@pytest.fixture
def wushan_user(make_user, refdata):
    return make_user("wushan", region="500237")


@pytest.fixture
def auditor(make_user, refdata):
    return make_user("audit", region="500237", role="auditor")


@pytest.fixture
def records(world, make_posting):
    """A posting, mentorship, engagement and base in 巫山, and one of each in 开州."""
    posting = make_posting()
    made = {"posting": posting}
    for side, host, person in (("in", "wushan", "shi"), ("out", "kaizhou", "wang")):
        org = world[host]
        made[f"mentorship_{side}"] = Mentorship.objects.create(
            mentor=world[person], host=org, start=D(2025, 3, 1), plan="旧计划")
        made[f"mentorship_{side}"].apprentices.set([world["local"]])
        made[f"engagement_{side}"] = Engagement.objects.create(
            person=world[person], organisation=org, role="chief_expert", start=D(2024, 1, 1))
        made[f"base_{side}"] = Base.objects.create(
            name=f"工作站{side}", kind="doctoral_workstation", host=org,
            partner=world["yantai"], start=D(2022, 5, 1))
    return made


def edit_data(client, url):
    """The edit form's initial values as POST data (lists for the multi-person inputs)."""
    form = client.get(url).context["form"]
    data = {}
    for name in form.fields:
        value = form[name].value()
        data[name] = value if isinstance(value, list) else ("" if value is None else value)
        if hasattr(value, "pk"):
            data[name] = value.pk
    return data


def test_mentorship_create_edit_note(world, records, wushan_user, client_for):
    client = client_for(wushan_user)
    assert "/exchange/mentorships/new/" in client.get("/exchange/mentorships/").content.decode()
    assert client.get("/exchange/mentorships/new/").status_code == 200
    options = client.get("/options/people.person/?q=本地").content.decode()
    assert 'data-value="本地医生' in options and "巫山县中医院" in options
    posting = records["posting"]
    response = client.post("/exchange/mentorships/new/", {
        "mentor": "施宏志 / 烟台山医院", "apprentices": ["本地医生", ""], "host": "巫山县中医院",
        "posting": f"#{posting.pk}", "start": "2025-04-01", "plan": "每周带教"})
    assert response.status_code == 302, response.content.decode()[:3000]
    mentorship = Mentorship.objects.get(plan="每周带教")
    assert mentorship.posting == posting and list(mentorship.apprentices.all()) == [world["local"]]
    url = mentorship.get_absolute_url()
    assert f"{url}edit/" in client.get(url).content.decode()
    data = edit_data(client, f"{url}edit/")
    assert data["version"] == 1 and data["apprentices"] == ["本地医生 / 巫山县中医院"]
    data.update(result="已出师", end="2025-12-31")
    assert client.post(f"{url}edit/", data).status_code == 302
    mentorship.refresh_from_db()
    assert (mentorship.result, mentorship.end, mentorship.version) == ("已出师", D(2025, 12, 31), 2)
    # The same (now stale) form again: refused with a message, nothing changed.
    data.update(result="覆盖")
    response = client.post(f"{url}edit/", data)
    assert response.status_code == 409
    assert 'id="stale"' in response.content.decode()
    mentorship.refresh_from_db()
    assert mentorship.result == "已出师" and mentorship.version == 2
    # A dated progress note on the mentorship page.
    response = client.post(f"{url}notes/", {"note-date": "2025-05-01", "note-text": "掌握缝合"})
    assert response.status_code == 302
    assert "掌握缝合" in client.get(url).content.decode()
    response = client.post(f"{url}notes/", {"note-date": "", "note-text": "无日期"})
    assert response.status_code == 422 and 'id="add-note"' in response.content.decode()
    assert mentorship.notes.count() == 1


def test_bad_mentorship_input_shows_field_errors(world, records, wushan_user, client_for):
    client = client_for(wushan_user)
    before = Mentorship.objects.count()
    base = {"mentor": "施宏志", "host": "巫山县中医院", "start": "2025-04-01"}
    response = client.post("/exchange/mentorships/new/", {**base, "apprentices": []})
    assert response.status_code == 200 and "apprentices" in response.context["form"].errors
    response = client.post("/exchange/mentorships/new/", {**base, "apprentices": ["施宏志"]})
    assert "apprentices" in response.context["form"].errors
    response = client.post("/exchange/mentorships/new/", {**base, "apprentices": ["无名氏"]})
    assert "apprentices" in response.context["form"].errors
    response = client.post("/exchange/mentorships/new/", {
        **base, "apprentices": ["本地医生"], "end": "2024-01-01"})
    assert "end" in response.context["form"].errors
    assert Mentorship.objects.count() == before
    # On the edit form: a bad end date leaves the record as it was.
    mentorship = records["mentorship_in"]
    url = f"/exchange/mentorships/{mentorship.pk}/edit/"
    data = {**edit_data(client, url), "end": "2020-01-01", "plan": "新计划"}
    response = client.post(url, data)
    assert response.status_code == 200 and "end" in response.context["form"].errors
    mentorship.refresh_from_db()
    assert mentorship.plan == "旧计划" and mentorship.version == 1


def test_engagement_create_edit_session(world, records, wushan_user, client_for):
    client = client_for(wushan_user)
    assert "/exchange/engagements/new/" in client.get("/exchange/engagements/").content.decode()
    response = client.post("/exchange/engagements/new/", {
        "person": "施宏志", "organisation": "巫山县中医院", "role": "advisor",
        "start": "2025-01-01", "end": "2024-01-01"})
    assert response.status_code == 200 and "end" in response.context["form"].errors
    response = client.post("/exchange/engagements/new/", {
        "person": "施宏志", "organisation": "巫山县中医院", "role": "advisor",
        "start": "2025-01-01", "note": "发展顾问"})
    assert response.status_code == 302
    engagement = Engagement.objects.get(note="发展顾问")
    url = engagement.get_absolute_url()
    data = {**edit_data(client, f"{url}edit/"), "role": "standing_lecturer"}
    assert client.post(f"{url}edit/", data).status_code == 302
    engagement.refresh_from_db()
    assert engagement.role == "standing_lecturer" and engagement.version == 2
    response = client.post(f"{url}edit/", {**data, "role": "advisor"})
    assert response.status_code == 409
    engagement.refresh_from_db()
    assert engagement.role == "standing_lecturer"
    response = client.post(f"{url}sessions/", {"session-date": "2025-02-01",
                                               "session-topic": "查房", "session-hours": "2.5"})
    assert response.status_code == 302
    response = client.post(f"{url}sessions/", {"session-date": "2025-02-02",
                                               "session-topic": "讲座", "session-hours": "0"})
    assert response.status_code == 422
    assert list(engagement.sessions.values_list("topic", flat=True)) == ["查房"]


def test_base_create_edit_service_team(world, records, wushan_user, client_for):
    client = client_for(wushan_user)
    assert "/exchange/bases/new/" in client.get("/exchange/bases/").content.decode()
    fields = {"name": "博士工作站", "kind": "doctoral_workstation", "host": "巫山县中医院",
              "partner": "烟台山医院", "start": "2024-01-01", "experts": ["施宏志"]}
    response = client.post("/exchange/bases/new/", {**fields, "service_teams": "神经外科 五"})
    assert response.status_code == 200 and "service_teams" in response.context["form"].errors
    assert not Base.objects.filter(name="博士工作站").exists()
    response = client.post("/exchange/bases/new/", {
        **fields, "service_teams": "神经外科服务队 5\n中医服务队，3人"})
    assert response.status_code == 302, response.content.decode()[:3000]
    base = Base.objects.get(name="博士工作站")
    assert list(base.experts.all()) == [world["shi"]] and base.partner == world["yantai"]
    assert list(base.service_teams.values_list("name", "members")) == [
        ("神经外科服务队", 5), ("中医服务队", 3)]
    url = base.get_absolute_url()
    data = edit_data(client, f"{url}edit/")
    assert data["service_teams"] == "神经外科服务队 5\n中医服务队 3"
    data.update(experts=["施宏志", "本地医生"], name="烟台博士工作站")
    assert client.post(f"{url}edit/", data).status_code == 302
    base.refresh_from_db()
    assert base.name == "烟台博士工作站" and base.experts.count() == 2
    response = client.post(f"{url}edit/", {**data, "name": "旧表单"})
    assert response.status_code == 409
    base.refresh_from_db()
    assert base.name == "烟台博士工作站"
    response = client.post(f"{url}teams/", {"team-name": "护理服务队", "team-members": "4"})
    assert response.status_code == 302
    response = client.post(f"{url}teams/", {"team-name": "", "team-members": "-1"})
    assert response.status_code == 422
    assert base.service_teams.count() == 3


def test_posting_edit_with_version(world, records, wushan_user, client_for):
    client = client_for(wushan_user)
    posting = records["posting"]
    url = f"/exchange/postings/{posting.pk}/edit/"
    assert url in client.get(posting.get_absolute_url()).content.decode()
    data = {**edit_data(client, url), "post": "科室主任", "planned_end": "2026-03-31"}
    assert client.post(url, data).status_code == 302
    posting.refresh_from_db()
    assert (posting.post, posting.planned_end, posting.version) == ("科室主任", D(2026, 3, 31), 2)
    response = client.post(url, {**data, "post": "副主任"})
    assert response.status_code == 409
    assert "版本" in response.content.decode() or "version" in response.content.decode()
    posting.refresh_from_db()
    assert posting.post == "科室主任" and posting.version == 2
    response = client.post(url, {**data, "version": 2, "planned_end": "2024-01-01"})
    assert response.status_code == 200 and "planned_end" in response.context["form"].errors
    # On post: the planned dates are no longer on the form (the extension changes the end).
    Posting.objects.filter(pk=posting.pk).update(state="on_post", actual_start=D(2025, 3, 1))
    data = edit_data(client, url)
    assert "planned_end" not in data
    data.update(department="神经外科", planned_end="2030-01-01")
    assert client.post(url, data).status_code == 302
    posting.refresh_from_db()
    assert posting.department == "神经外科" and posting.planned_end == D(2026, 3, 31)


def test_auditor_is_refused_and_other_counties_are_not_found(world, records, auditor,
                                                             wushan_user, client_for):
    client = client_for(auditor)
    for kind in ("mentorship", "engagement", "base"):
        record = records[f"{kind}_in"]
        url = f"/exchange/{kind}s/{record.pk}/"
        assert client.get(url).status_code == 200
        assert f"{url}edit/" not in client.get(url).content.decode()
        assert client.get(f"{url}edit/").status_code == 403
        assert client.post(f"{url}edit/", {"version": 1}).status_code == 403
    assert client.get(f"/exchange/postings/{records['posting'].pk}/edit/").status_code == 403
    child = {"mentorship": "notes/", "engagement": "sessions/", "base": "teams/"}
    for kind, path in child.items():
        pk = records[f"{kind}_in"].pk
        assert client.post(f"/exchange/{kind}s/{pk}/{path}", {}).status_code == 403
    response = client.post("/exchange/engagements/new/", {
        "person": "施宏志", "organisation": "巫山县中医院", "role": "advisor",
        "start": "2025-01-01", "note": "审计"})
    assert response.status_code == 403
    assert not Engagement.objects.filter(note="审计").exists()
    client = client_for(wushan_user)
    for kind, path in child.items():
        pk = records[f"{kind}_out"].pk
        assert client.get(f"/exchange/{kind}s/{pk}/edit/").status_code == 404
        assert client.post(f"/exchange/{kind}s/{pk}/edit/", {"version": 1}).status_code == 404
        assert client.post(f"/exchange/{kind}s/{pk}/{path}", {}).status_code == 404
    # Creating a record in another county is refused, and nothing is stored.
    response = client.post("/exchange/bases/new/", {
        "name": "外县基地", "kind": "training_base", "host": "开州区人民医院",
        "start": "2024-01-01"})
    assert response.status_code == 403
    assert not Base.objects.filter(name="外县基地").exists()
