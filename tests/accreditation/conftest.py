import pytest

from accreditation import services
from tests.accreditation.factories import (
    committee_member,
    ensure_reference_data,
    make_ready_application,
    officer,
    prescreen,
)


@pytest.fixture(autouse=True)
def reference_data(request):
    """Transactional tests flush the rows data migrations loaded: reload them when missing."""
    marker = request.node.get_closest_marker("django_db")
    if marker is None and "db" not in request.fixturenames:
        return
    request.getfixturevalue("transactional_db" if marker and marker.kwargs.get("transaction") else "db")
    ensure_reference_data()


@pytest.fixture
def secretariat(db):
    return officer()


@pytest.fixture
def member(db):
    return committee_member()


@pytest.fixture
def listed(db, secretariat, member, django_capture_on_commit_callbacks):
    """A submitted, pre-screened application on its session's published list."""
    app, ngo = make_ready_application()
    with django_capture_on_commit_callbacks(execute=True):
        services.application_submit(application=app, by=ngo)
    with django_capture_on_commit_callbacks(execute=True):  # what these steps send is sent before the test
        prescreen(app, secretariat)
        app.refresh_from_db()
        clist = services.consolidated_list_build(session=app.session, by=secretariat)
        services.consolidated_list_publish(consolidated_list=clist, by=secretariat)
    return {"app": app, "ngo": ngo, "session": app.session, "list": clist, "officer": secretariat, "member": member}
