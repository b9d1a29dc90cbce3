import factory
from django.contrib.auth import get_user_model
from django.utils import timezone

from portal.roles import Role


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.org")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    role = Role.NGO
    is_active = True
    email_verified_at = factory.LazyFunction(timezone.now)
    password = factory.PostGenerationMethodCall("set_password", "pw-for-tests-123")

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()

    @factory.post_generation
    def authenticator(obj, create, extracted, **kwargs):
        """People whose role needs two-step login have the demo authenticator
        (tests/utils_auth.py enters its code); `authenticator=False` leaves them without."""
        from portal.twofactor import requires_two_factor

        if create and extracted is not False and requires_two_factor(obj):
            from portal.demo import ensure_demo_authenticator

            ensure_demo_authenticator(obj)
