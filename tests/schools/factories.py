import factory

from tests.accounts.factories import UserFactory
from twinning.schools.models import Employment, School


class SchoolFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = School

    name = factory.Sequence(lambda n: f"School number {n}")
    country = "ES"
    region = ""
    # A fixed pattern, not a random town: searches by prefix must not match a town by chance.
    city = factory.Sequence(lambda n: f"Town {n}")
    school_type = "primary"
    age_bands = factory.LazyFunction(lambda: ["7-9", "10-12"])
    head_teacher_name = factory.Faker("name")
    head_teacher_email = factory.Sequence(lambda n: f"head{n}@school.example.org")
    is_verified = True


class EmploymentFactory(factory.django.DjangoModelFactory):
    """A current employment; validated unless told otherwise."""

    class Meta:
        model = Employment

    teacher = factory.SubFactory(UserFactory)
    school = factory.SubFactory(SchoolFactory)
    role = Employment.Role.TEACHER
    validation = Employment.Validation.VALIDATED


def school_form_data(**overrides: object) -> dict[str, object]:
    """A complete, valid registration of a new Spanish school, as the form posts it."""
    data: dict[str, object] = {
        "name": "Colegio Público Río Guadalquivir",
        "country": "ES",
        "region": "ES-AN",
        "city": "Sevilla",
        "address": "Calle Betis 1",
        "postcode": "41010",
        "school_type": "primary",
        "age_bands": ["7-9", "10-12"],
        "website": "https://cp-guadalquivir.example.org",
        "head_teacher_name": "Ana Torres",
        "head_teacher_email": "direccion@cp-guadalquivir.example.org",
        "role": "teacher",
        "start_date": "2024-09-01",
    }
    data.update(overrides)
    return data
