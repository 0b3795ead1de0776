"""Controlled vocabularies: countries, regions, languages, subjects, ages, school types.

Values are stable codes stored in the database; labels are translatable and
only ever used for display. Adding an entry is safe; removing one needs a
data migration for the rows that use it.
"""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

Choices = list[tuple[str, Promise]]

# Countries taking part with full membership: the EU member states and the other
# participating countries (ISO 3166-1 alpha-2).
ETWINNING_COUNTRIES: Choices = [
    ("AT", _("Austria")),
    ("BE", _("Belgium")),
    ("BG", _("Bulgaria")),
    ("HR", _("Croatia")),
    ("CY", _("Cyprus")),
    ("CZ", _("Czechia")),
    ("DK", _("Denmark")),
    ("EE", _("Estonia")),
    ("FI", _("Finland")),
    ("FR", _("France")),
    ("DE", _("Germany")),
    ("GR", _("Greece")),
    ("HU", _("Hungary")),
    ("IE", _("Ireland")),
    ("IT", _("Italy")),
    ("LV", _("Latvia")),
    ("LT", _("Lithuania")),
    ("LU", _("Luxembourg")),
    ("MT", _("Malta")),
    ("NL", _("Netherlands")),
    ("PL", _("Poland")),
    ("PT", _("Portugal")),
    ("RO", _("Romania")),
    ("SK", _("Slovakia")),
    ("SI", _("Slovenia")),
    ("ES", _("Spain")),
    ("SE", _("Sweden")),
    ("AL", _("Albania")),
    ("BA", _("Bosnia and Herzegovina")),
    ("IS", _("Iceland")),
    ("LI", _("Liechtenstein")),
    ("ME", _("Montenegro")),
    ("MK", _("North Macedonia")),
    ("NO", _("Norway")),
    ("RS", _("Serbia")),
    ("TR", _("Türkiye")),
]

# Neighbouring countries taking part as eTwinning Plus: their teachers may join
# projects that are open to eTwinning Plus partners.
ETWINNING_PLUS_COUNTRIES: Choices = [
    ("AM", _("Armenia")),
    ("AZ", _("Azerbaijan")),
    ("EG", _("Egypt")),
    ("GE", _("Georgia")),
    ("JO", _("Jordan")),
    ("LB", _("Lebanon")),
    ("MD", _("Moldova")),
    ("MA", _("Morocco")),
    ("TN", _("Tunisia")),
    ("UA", _("Ukraine")),
]

COUNTRIES: Choices = ETWINNING_COUNTRIES + ETWINNING_PLUS_COUNTRIES
COUNTRY_NAMES = dict(COUNTRIES)
PLUS_COUNTRY_CODES = frozenset(code for code, _label in ETWINNING_PLUS_COUNTRIES)


def is_plus_country(code: str) -> bool:
    return code in PLUS_COUNTRY_CODES


# Regions, for the countries whose support is organised by region (ISO 3166-2).
REGIONS: dict[str, Choices] = {
    "ES": [
        ("ES-AN", _("Andalusia")),
        ("ES-AR", _("Aragon")),
        ("ES-AS", _("Asturias")),
        ("ES-IB", _("Balearic Islands")),
        ("ES-CN", _("Canary Islands")),
        ("ES-CB", _("Cantabria")),
        ("ES-CL", _("Castile and León")),
        ("ES-CM", _("Castilla-La Mancha")),
        ("ES-CT", _("Catalonia")),
        ("ES-VC", _("Valencian Community")),
        ("ES-EX", _("Extremadura")),
        ("ES-GA", _("Galicia")),
        ("ES-MD", _("Community of Madrid")),
        ("ES-MC", _("Region of Murcia")),
        ("ES-NC", _("Navarre")),
        ("ES-PV", _("Basque Country")),
        ("ES-RI", _("La Rioja")),
        ("ES-CE", _("Ceuta")),
        ("ES-ML", _("Melilla")),
    ],
    "BE": [
        ("BE-VLG", _("Flemish Community")),
        ("BE-WAL", _("French Community")),
        ("BE-DG", _("German-speaking Community")),
    ],
}
REGION_NAMES = {code: label for regions in REGIONS.values() for code, label in regions}
ALL_REGIONS: Choices = [item for regions in REGIONS.values() for item in regions]


def region_belongs_to(region: str, country: str) -> bool:
    return any(code == region for code, _label in REGIONS.get(country, []))


# Languages (ISO 639-1): the EU's official languages, the other participating
# countries' and the eTwinning Plus countries' languages.
LANGUAGES: Choices = [
    ("ar", _("Arabic")),
    ("bg", _("Bulgarian")),
    ("bs", _("Bosnian")),
    ("ca", _("Catalan")),
    ("cs", _("Czech")),
    ("cy", _("Welsh")),
    ("da", _("Danish")),
    ("de", _("German")),
    ("el", _("Greek")),
    ("en", _("English")),
    ("es", _("Spanish")),
    ("et", _("Estonian")),
    ("eu", _("Basque")),
    ("fi", _("Finnish")),
    ("fr", _("French")),
    ("ga", _("Irish")),
    ("gl", _("Galician")),
    ("hr", _("Croatian")),
    ("hu", _("Hungarian")),
    ("hy", _("Armenian")),
    ("is", _("Icelandic")),
    ("it", _("Italian")),
    ("ka", _("Georgian")),
    ("az", _("Azerbaijani")),
    ("lb", _("Luxembourgish")),
    ("lt", _("Lithuanian")),
    ("lv", _("Latvian")),
    ("mk", _("Macedonian")),
    ("mt", _("Maltese")),
    ("nl", _("Dutch")),
    ("no", _("Norwegian")),
    ("pl", _("Polish")),
    ("pt", _("Portuguese")),
    ("ro", _("Romanian")),
    ("ru", _("Russian")),
    ("sk", _("Slovak")),
    ("sl", _("Slovenian")),
    ("sq", _("Albanian")),
    ("sr", _("Serbian")),
    ("sv", _("Swedish")),
    ("tr", _("Turkish")),
    ("uk", _("Ukrainian")),
]
LANGUAGE_NAMES = dict(LANGUAGES)

SUBJECTS: Choices = [
    ("art", _("Art")),
    ("biology", _("Biology")),
    ("chemistry", _("Chemistry")),
    ("citizenship", _("Citizenship")),
    ("computing", _("Informatics / ICT")),
    ("cross-curricular", _("Cross-curricular")),
    ("drama", _("Drama")),
    ("economics", _("Economics")),
    ("environment", _("Environmental education")),
    ("european-studies", _("European studies")),
    ("foreign-languages", _("Foreign languages")),
    ("geography", _("Geography")),
    ("history", _("History")),
    ("home-language", _("Language and literature")),
    ("maths", _("Mathematics")),
    ("media", _("Media education")),
    ("music", _("Music")),
    ("philosophy", _("Philosophy / Ethics")),
    ("physical-education", _("Physical education")),
    ("physics", _("Physics")),
    ("pre-school", _("Pre-school education")),
    ("religion", _("Religion")),
    ("special-needs", _("Special needs education")),
    ("technology", _("Technology")),
    ("vocational", _("Vocational training")),
]
SUBJECT_NAMES = dict(SUBJECTS)

# Pupils' ages, in bands a school can tick several of.
AGE_BANDS: Choices = [
    ("0-3", _("up to 3")),
    ("4-6", _("4 to 6")),
    ("7-9", _("7 to 9")),
    ("10-12", _("10 to 12")),
    ("13-15", _("13 to 15")),
    ("16-19", _("16 to 19")),
    ("20+", _("over 19")),
]
AGE_BAND_NAMES = dict(AGE_BANDS)

SCHOOL_TYPES: Choices = [
    ("pre-primary", _("Pre-primary school")),
    ("primary", _("Primary school")),
    ("lower-secondary", _("Lower secondary school")),
    ("upper-secondary", _("Upper secondary school")),
    ("vocational", _("Vocational school")),
    ("special-needs", _("Special needs school")),
    ("teacher-training", _("Initial teacher education")),
    ("other", _("Other")),
]
SCHOOL_TYPE_NAMES = dict(SCHOOL_TYPES)


@dataclass(frozen=True)
class Vocabulary:
    """A named vocabulary, for forms and the API."""

    name: str
    choices: Choices

    def labels(self, codes: list[str]) -> list[str]:
        names = dict(self.choices)
        return [str(names[code]) for code in codes if code in names]


VOCABULARIES = {
    "countries": Vocabulary("countries", COUNTRIES),
    "languages": Vocabulary("languages", LANGUAGES),
    "subjects": Vocabulary("subjects", SUBJECTS),
    "age_bands": Vocabulary("age_bands", AGE_BANDS),
    "school_types": Vocabulary("school_types", SCHOOL_TYPES),
}
