# The accreditation builders' fixtures: an application on its session's published list.
from tests.accreditation.conftest import listed, member, secretariat  # noqa: F401
