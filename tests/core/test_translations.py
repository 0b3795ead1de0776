"""The Spanish translation is complete, compiled, and used for Spanish-speaking users."""

import gettext
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from tests.accounts.factories import UserFactory
from tests.schools.factories import EmploymentFactory, SchoolFactory
from twinning.schools.models import Employment

LOCALE_DIR = Path(settings.LOCALE_PATHS[0]) / "es" / "LC_MESSAGES"
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%%")
TAG = re.compile(r"</?\w+>")


def _unquote(text: str) -> str:
    body = text[1:-1]
    escapes = {"n": "\n", "t": "\t", '"': '"', "\\": "\\"}
    return re.sub(r"\\(.)", lambda m: escapes.get(m.group(1), "\\" + m.group(1)), body)


def parse_po(path: Path) -> list[dict]:
    """A small .po reader: entries with their flags, msgid, plural and msgstr(s)."""
    entries: list[dict] = []
    for block in path.read_text(encoding="utf-8").split("\n\n"):
        entry: dict = {"flags": set(), "strings": {}}
        field = None
        for line in block.strip().splitlines():
            if line.startswith("#,"):
                entry["flags"].update(flag.strip() for flag in line[2:].split(","))
            elif line.startswith("#"):
                continue
            elif line.startswith('"'):
                entry["strings"][field] += _unquote(line)
            else:
                field, _, value = line.partition(" ")
                entry["strings"][field] = _unquote(value)
        if "msgid" in entry["strings"]:
            entries.append(entry)
    return entries


@pytest.fixture(scope="module")
def entries() -> list[dict]:
    return parse_po(LOCALE_DIR / "django.po")


def translations(entry: dict) -> list[str]:
    strings = entry["strings"]
    return [value for key, value in strings.items() if key.startswith("msgstr")]


def test_the_header_declares_spanish_with_two_plural_forms(entries):
    header = entries[0]["strings"]["msgstr"]
    assert "Language: es\n" in header
    assert "Plural-Forms: nplurals=2; plural=(n != 1);" in header


def test_every_message_is_translated_and_none_is_fuzzy(entries):
    messages = entries[1:]
    assert len(messages) > 500
    untranslated = [e["strings"]["msgid"] for e in messages if not all(translations(e))]
    fuzzy = [e["strings"]["msgid"] for e in messages if "fuzzy" in e["flags"]]
    assert untranslated == []
    assert fuzzy == []


def test_placeholders_and_tags_survive_translation(entries):
    wrong = []
    for entry in entries[1:]:
        strings = entry["strings"]
        source = strings["msgid"]
        for target in translations(entry):
            if sorted(PLACEHOLDER.findall(source)) != sorted(PLACEHOLDER.findall(target)):
                wrong.append((source, target))
            if sorted(TAG.findall(source)) != sorted(TAG.findall(target)):
                wrong.append((source, target))
    assert wrong == []


def test_the_compiled_catalogue_matches_the_po_file(entries):
    """A .po edited without running compilemessages would show English on the site."""
    with (LOCALE_DIR / "django.mo").open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    stale = []
    for entry in entries[1:]:
        strings = entry["strings"]
        context = strings.get("msgctxt")
        if "msgid_plural" in strings:
            got = [compiled.ngettext(strings["msgid"], strings["msgid_plural"], n) for n in (1, 2)]
            want = [strings["msgstr[0]"], strings["msgstr[1]"]]
        elif context is not None:
            got, want = compiled.pgettext(context, strings["msgid"]), strings["msgstr"]
        else:
            got, want = compiled.gettext(strings["msgid"]), strings["msgstr"]
        if got != want:
            stale.append(strings["msgid"])
    assert stale == []


def test_vocabulary_names_are_translated():
    from twinning.core.vocabularies import COUNTRIES, LANGUAGES, SUBJECTS

    with translation.override("es"):
        countries = {code: str(label) for code, label in COUNTRIES}
        languages = {code: str(label) for code, label in LANGUAGES}
        subjects = {str(label) for _, label in SUBJECTS}
    assert countries["CZ"] == "Chequia"
    assert countries["TR"] == "Turquía"
    assert countries["MK"] == "Macedonia del Norte"
    assert languages["de"] == "Alemán"
    assert "Matemáticas" in subjects


@pytest.fixture
def spanish_teacher(db):
    school = SchoolFactory(country="ES", region="ES-AN", name="IES Averroes")
    user = UserFactory(preferred_language="es", first_name="Pablo", last_name="Ruiz")
    EmploymentFactory(teacher=user, school=school, validation=Employment.Validation.PENDING)
    return user


PAGES = {
    "home": (
        lambda user: reverse("home"),
        ["Mi progreso", "Validación", "Primeros pasos", "Servicio Nacional de Apoyo", "Cerrar sesión"],
        ["My progress", "Getting started", "Waiting for validation", "Log out"],
    ),
    "settings": (
        lambda user: reverse("accounts:settings"),
        ["Ajustes", "Nombre, idioma y zona horaria", "Guardar los ajustes"],
        ["Save settings", "Your account", "Time zone"],
    ),
    "progress help": (
        lambda user: reverse("progress:help"),
        ["Tu progreso", "Las cinco áreas y lo que cuenta en cada una", "Cuenta hasta"],
        ["Your progress", "The five areas", "Counts up to"],
    ),
    "profile": (
        lambda user: reverse("profiles:detail", args=[user.pk]),
        ["Presentación", "Materias", "Idiomas", "Centros", "Progreso"],
        ["About", "Subjects", "Languages", "Manage my schools"],
    ),
    "my schools": (
        lambda user: reverse("schools:mine"),
        ["Mis centros", "Función", "Fechas", "Pendiente de validación", "Ya no trabajo en este centro"],
        ["My schools", "Dates", "Waiting for validation", "I left this school"],
    ),
    "professional development help": (
        lambda user: reverse("help:article", args=["professional-development"]),
        ["Eventos de aprendizaje y seminarios en línea", "La solicitud, las plazas y la lista de espera", "80 %"],
        ["Learning events and online seminars", "Seminars and attendance", "Self-learning modules"],
    ),
    "courses and seminars": (
        lambda user: reverse("learning:courses"),
        ["Cursos y seminarios", "Filtrar cursos", "Solo mis solicitudes", "Mis certificados"],
        ["Courses and seminars", "Filter courses", "Only my applications", "My certificates"],
    ),
    "my certificates": (
        lambda user: reverse("certificates:index"),
        ["Mis certificados", "Todavía no tienes ningún certificado.", "Comprobar el código de un certificado"],
        ["My certificates", "You have no certificate yet.", "Check a certificate's code"],
    ),
    "profile and privacy help": (
        lambda user: reverse("help:article", args=["profile-and-privacy"]),
        ["Tus datos y cómo darte de baja en Twinning", "«Antiguo miembro»", "Descargar mis datos"],
        ["Your data, and leaving Twinning", "Download my data", "Delete my account"],
    ),
    "download my data": (
        lambda user: reverse("privacy:export"),
        ["Descargar mis datos", "Guarda el archivo en un lugar seguro", "Volver a los ajustes"],
        ["Download my data", "Back to settings", "Keep the file somewhere safe: it contains private messages."],
    ),
    "delete my account": (
        lambda user: reverse("privacy:delete"),
        ["Eliminar mi cuenta", "Qué se borra", "Escribe ELIMINAR para confirmar", "«Antiguo miembro»"],
        ["Delete my account", "What is erased", "Keep my account", "Type DELETE to confirm"],
    ),
}


@pytest.mark.parametrize("page", PAGES)
def test_pages_speak_spanish_to_a_spanish_speaking_teacher(client, spanish_teacher, page):
    url, spanish, english = PAGES[page]
    client.force_login(spanish_teacher)

    response = client.get(url(spanish_teacher))

    assert response.status_code == 200
    assert response["Content-Language"] == "es"
    html = response.content.decode()
    for text in spanish:
        assert text in html, text
    for text in english:
        assert f">{text}<" not in html, text
        assert f"{text} " not in html, text


@pytest.mark.parametrize("page", PAGES)
def test_the_same_pages_stay_english_for_an_english_speaking_teacher(client, spanish_teacher, page):
    spanish_teacher.preferred_language = "en"
    spanish_teacher.save(update_fields=["preferred_language"])
    url, spanish, english = PAGES[page]
    client.force_login(spanish_teacher)

    html = client.get(url(spanish_teacher)).content.decode()

    assert english[0] in html
    assert spanish[0] not in html


def test_the_decision_email_is_written_in_spanish(spanish_teacher):
    employment = spanish_teacher.employments.get()
    context = {
        "teacher": spanish_teacher,
        "school": employment.school,
        "employment": employment,
        "validated": True,
        "history_url": "https://example.org/schools/mine/",
    }
    with translation.override("es"):
        subject = render_to_string("schools/emails/decision_subject.txt", context)
        body = render_to_string("schools/emails/decision_body.txt", context)

    assert subject.strip() == "Se ha confirmado que trabajas en IES Averroes"
    assert "Hola, Pablo:" in body
    assert "Buenas noticias" in body
    assert "Tu historial de centros:" in body
