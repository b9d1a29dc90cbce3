from portal.demo import demo_user

from .models import Organisation, OrganisationMembership


def seed_demo(stdout):
    org, _ = Organisation.objects.get_or_create(
        name="Kenya Women's Health Network", defaults={"acronym": "KWHN", "country": "KE"}
    )
    OrganisationMembership.objects.get_or_create(
        organisation=org, user=demo_user("ngo"), defaults={"is_focal_point": True}
    )
    stdout.write("  accreditation: demo organisation")
