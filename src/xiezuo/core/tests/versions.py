"""Edit pages that carry the version the user loaded (issue 11, finding 5): the check every
app's version tests share — open the form, change the record through the JSON API in
between, post the stale form: 409 with the conflict on the form and the input kept, the
API's change (nested rows included) stays; a form opened afterwards saves."""

from __future__ import annotations

from collections.abc import Callable
from html.parser import HTMLParser

CONFLICT = "此记录（"
CONFLICT_END = "请重新打开后再改"
NO_VERSION = "此表单未注明它是在记录的哪个版本上打开的"


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


def check_stale_form(client, *, model, record, url: str, api_url: str, api_change: dict,
                     page_change: dict, api_change_kept: Callable, nested: Callable = lambda: None):
    """The stale form is refused and the API's change kept; returns the fresh form's data
    (opened on the current version) after it was saved with `page_change`."""
    opened = form_data(client.get(url))
    assert opened["version"] == str(record.version)  # read from the rendered form

    changed = client.patch(api_url, {"version": record.version, **api_change},
                           content_type="application/json")
    assert changed.status_code == 200, changed.content
    assert changed.json()["version"] == record.version + 1

    nested_before = nested()
    response = client.post(url, {**opened, **page_change})
    stored = model.objects.get(pk=record.pk)
    assert api_change_kept(stored), "the stale form overwrote the API's change"
    assert stored.version == record.version + 1
    assert response.status_code == 409, response.content.decode()[:3000]
    body = response.content.decode()
    assert CONFLICT in body and CONFLICT_END in body and str(record) in body
    assert 'id="stale"' in body and f'href="{url}"' in body
    kept = form_data(response)  # the user's input is still on the form
    for name, value in page_change.items():
        assert kept[name] == value, name
    assert kept["version"] == opened["version"]
    assert nested() == nested_before

    fresh = form_data(client.get(url))  # opened now, on the current version: it saves
    assert fresh["version"] == str(record.version + 1)
    response = client.post(url, {**fresh, **page_change})
    assert response.status_code == 302, response.content.decode()[:3000]
    assert model.objects.get(pk=record.pk).version == record.version + 2
    return fresh
