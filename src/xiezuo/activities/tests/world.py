"""A small world for the activities tests: 巫山 (in scope) and 开州 (outside), 烟台 sending."""

import datetime
from html.parser import HTMLParser

from xiezuo.orgs.models import Organisation
from xiezuo.people.models import Person
from xiezuo.regions.models import Pairing, Region

D = datetime.date


def build(make_user) -> dict:
    region = Region.objects.get
    ws = Organisation.objects.create(name="巫山县中医院", kind="hospital", region=region(code="500237"))
    kz = Organisation.objects.create(name="开州中学", kind="school", region=region(code="500154"))
    yt = Organisation.objects.create(name="烟台山医院", kind="hospital", region=region(code="370602"))
    pairing = Pairing.objects.create(level="city_county", east_region=region(code="370600"),
                                     west_region=region(code="500237"), start=D(2021, 4, 1))
    doctor = Person.objects.create(name="演示医生甲", organisation=ws, domain="medical",
                                   specialty_text="全科")
    return {
        "ws": ws, "kz": kz, "yt": yt, "pairing": pairing, "doctor": doctor,
        "admin": make_user("root", superuser=True),
        "coordinator": make_user("ws-coord", region="500237"),
        "auditor": make_user("ws-audit", region="500237", role="auditor"),
        "outsider": make_user("kz-coord", region="500154"),
    }


class _FormParser(HTMLParser):
    """What a browser would send for the page's post form: inputs, selects, textareas."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.data: dict[str, str] = {}
        self.in_form = False
        self.select = None  # (name, first option value, selected value)
        self.option = None
        self.textarea = None

    def handle_starttag(self, tag, attrs):
        a = {k: (v if v is not None else "") for k, v in attrs}
        if tag == "form" and a.get("method", "").lower() == "post":
            self.in_form = True
        if not self.in_form or not a.get("name") and tag != "option":
            return
        if tag == "input":
            kind = a.get("type", "text").lower()
            if kind in ("submit", "button", "file", "reset"):
                return
            if kind in ("checkbox", "radio"):
                if "checked" in a:
                    self.data[a["name"]] = a.get("value") or "on"
                return
            self.data[a["name"]] = a.get("value", "")
        elif tag == "select":
            self.select = [a["name"], None, None]
        elif tag == "option" and self.select is not None:
            value = a.get("value", "")
            if self.select[1] is None:
                self.select[1] = value
            if "selected" in a:
                self.select[2] = value
        elif tag == "textarea":
            self.textarea = [a["name"], ""]

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.in_form = False
        elif tag == "select" and self.select is not None:
            name, first, selected = self.select
            self.data[name] = selected if selected is not None else (first or "")
            self.select = None
        elif tag == "textarea" and self.textarea is not None:
            name, text = self.textarea
            self.data[name] = text[1:] if text.startswith("\n") else text
            self.textarea = None


def form_data(response) -> dict[str, str]:
    """The rendered post form of a page as the data a browser would send back."""
    parser = _FormParser()
    parser.feed(response.content.decode())
    return parser.data
