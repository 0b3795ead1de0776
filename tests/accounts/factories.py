import factory
from allauth.account.models import EmailAddress

from twinning.accounts.models import SupportService, User

PASSWORD = "correct-horse-battery"


class UserFactory(factory.django.DjangoModelFactory):
    """A signed-up teacher with a verified email address and a profile."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"teacher{n}@example.org")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    preferred_language = "en"
    password = factory.django.Password(PASSWORD)

    @factory.post_generation
    def verified_email(obj: User, create: bool, extracted: bool | None, **kwargs: object) -> None:
        if create and extracted is not False:
            EmailAddress.objects.create(user=obj, email=obj.email, verified=True, primary=True)

    @factory.post_generation
    def with_profile(obj: User, create: bool, extracted: bool | None, **kwargs: object) -> None:
        if create and extracted is not False:
            from twinning.profiles.models import Profile

            Profile.objects.get_or_create(user=obj)


class SupportServiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SupportService
        django_get_or_create = ("kind", "country", "region")

    kind = SupportService.Kind.NATIONAL
    country = "ES"
    region = ""
    name = factory.LazyAttribute(lambda o: f"{o.kind} {o.country} {o.region}".strip())


def make_officer(
    *, kind: str = SupportService.Kind.NATIONAL, country: str = "", region: str = "", **user_kwargs: object
) -> User:
    """A support officer staffing the service of the given scope."""
    officer = UserFactory(**user_kwargs)
    service = SupportServiceFactory(kind=kind, country=country, region=region)
    service.staff.add(officer)
    return officer
