import pytest

from tests.accounts.factories import UserFactory
from twinning.network.services import contact_create


@pytest.fixture
def contact_of_es(teacher_es):
    """A teacher who is a contact of teacher_es."""
    contact = UserFactory(first_name="Ana", last_name="Contacto")
    contact_create(first=teacher_es, second=contact)
    return contact
