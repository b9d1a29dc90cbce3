from portal.demo import demo_user
from portal.models import Country

from .models import Organisation, OrganisationMembership


def seed_demo(stdout):
    org, _ = Organisation.objects.get_or_create(
        name="Kenya Women's Health Network",
        defaults={"acronym": "KWHN", "country": Country.objects.get(iso2="KE"), "hq_city": "Nairobi",
                  "hq_address": "Ngong Road 42, Nairobi", "profile_state": Organisation.ProfileState.APPROVED},
    )
    OrganisationMembership.objects.get_or_create(
        organisation=org, user=demo_user("ngo"), defaults={"is_focal_point": True}
    )
    stdout.write("  accreditation: demo organisation")
