"""Entry points (views, API, forms, tables, filters, Excel resources, exports) read models
only through `scoped()`; see scope_reads.py. Public reference models (their scope rule says
`public`) may be read directly. Anything else is listed here with the reason."""

import pytest
from django.apps import apps

from tests.architecture.scope_reads import unscoped_reads, unscoped_reads_in_source
from xiezuo.core.scoping import SCOPE_RULES

# (module, model): why the read needs no scope.
ALLOWED = {
    ("insights/views.py", "Region"):
        "the county named in a drill-down link, by its public division code; its records are "
        "read through the scoped selection",
    ("exchange/views/overview.py", "Region"):
        "a region filter given by its public division code, when it lies outside the scope "
        "(the postings themselves are scoped)",
    ("exchange/views/overview.py", "Posting"):
        "the base queryset is narrowed by region and then passed to selectors.postings_for, "
        "which starts from scoped()",
    ("exchange/views/overview.py", "Organisation"):
        "the host of a timeline: 404 unless the host is in scope or has postings the user sees "
        "(both checked through scoped() right after)",
    ("cooperation/resources.py", "AgreementTarget"):
        "the stored agreement of a target row being imported, found in the actor's scope",
}


def public_models() -> set[str]:
    return {model.__name__ for model in apps.get_models()
            if SCOPE_RULES.get(model._meta.label_lower) is not None
            and SCOPE_RULES[model._meta.label_lower].public}


def test_entry_points_read_through_scoped():
    public = public_models()
    found = [read for read in unscoped_reads()
             if read.model not in public and (read.path, read.model) not in ALLOWED]
    assert not found, "reads that do not start from scoped():\n" + "\n".join(map(str, found))


def test_every_allowance_is_still_needed():
    used = {(read.path, read.model) for read in unscoped_reads()}
    assert not set(ALLOWED) - used, "allowances that no longer match a read"


BARE_READ = '''
from xiezuo.people.models import Person

class PersonListView(View):
    def get(self, request):
        people = Person.objects.filter(name__icontains=request.GET["q"])
        one = get_object_or_404(Person, pk=1)
        fine = scoped(Person.objects.filter(name="甲"), request.user)
        empty = Person.objects.none()
        return render(request, "x.html", {"people": people})
'''


def test_a_bare_read_in_a_view_is_found():
    """The check itself: a bare Person.objects read and a get_object_or_404(Person) in a view
    are reported; reads inside scoped() and an empty queryset are not."""
    reads = unscoped_reads_in_source(BARE_READ, "people/views.py")
    assert [(r.model, r.line, r.function) for r in reads] == [
        ("Person", 6, "PersonListView.get"), ("Person", 7, "PersonListView.get")]


@pytest.mark.parametrize("name", ["views.py", "api.py", "resources.py", "exports.py", "views_rounds.py"])
def test_entry_point_modules_are_found(name, tmp_path):
    from tests.architecture.scope_reads import entry_point_modules

    (tmp_path / "app").mkdir()
    (tmp_path / "app" / name).write_text("")
    (tmp_path / "app" / "services.py").write_text("")
    assert [p.name for p in entry_point_modules(tmp_path)] == [name]
