"""Partner-finding forums: categories where teachers publish project ideas and find partners.

The operator sets the categories (by pupils' age, one for eTwinning Plus, one
for national projects...). An idea is a post with a project's outline and
filters (ages, subjects, languages, countries wanted, keywords); others find
it in the search and answer it in its public thread (the `discussions`
engine) or privately by message.

Held ideas: an idea of a teacher not validated yet is "held until their
validation". Held is not a status stored here but read from
`author.is_validated` when the idea is read (`permissions.visible_ideas`): the
held idea shows to its author only, and it appears for everyone the moment the
author is validated, without the schools or support apps having to tell this
app. Every idea gets its replies thread when it is published.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _

from twinning.core.fields import CodeListField
from twinning.core.vocabularies import AGE_BANDS, COUNTRIES, LANGUAGES, SUBJECTS
from twinning.discussions.models import Forum, Thread

# The forums the first migration makes, by their stable `code`: their English name and description,
# translated when shown. Once the operator rewrites a default forum's name or description in the admin,
# their own text shows as written (like every forum they add).
DEFAULT_TEXTS: dict[str, tuple[str, str]] = {
    "ages-0-3": (gettext_noop("Pupils up to 3"), ""),
    "ages-4-6": (gettext_noop("Pupils aged 4 to 6"), ""),
    "ages-7-9": (gettext_noop("Pupils aged 7 to 9"), ""),
    "ages-10-12": (gettext_noop("Pupils aged 10 to 12"), ""),
    "ages-13-15": (gettext_noop("Pupils aged 13 to 15"), ""),
    "ages-16-19": (gettext_noop("Pupils aged 16 to 19"), ""),
    "ages-20-plus": (gettext_noop("Learners over 19"), ""),
    "etwinning-plus": (
        gettext_noop("eTwinning Plus"),
        gettext_noop("Projects with schools of the neighbouring countries of the European Union."),
    ),
    "national-projects": (
        gettext_noop("National projects"),
        gettext_noop(
            "Projects between schools of the same country: an idea here looks for partners in its author's own country."
        ),
    ),
}


class Category(models.Model):
    """A partner-finding forum, as the operator configures them.

    National forums (`Kind.NATIONAL`): an idea there looks for partners in its author's own country
    (the services set its countries wanted to the countries of the author's schools, or to the forum's
    `country` when the operator gave one), and readers see the ideas of their own country first.
    """

    class Kind(models.TextChoices):
        AGE = "age", _("By pupils' age")
        PLUS = "plus", _("eTwinning Plus")
        NATIONAL = "national", _("National projects")
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=120)
    # Set for the default forums only (see DEFAULT_TEXTS); never changed, so their names translate.
    code = models.CharField(_("code"), max_length=30, blank=True, editable=False)
    slug = models.SlugField(_("address"), max_length=60, unique=True)
    description = models.CharField(_("description"), max_length=500, blank=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.OTHER)
    age_band = models.CharField(_("pupils' age"), max_length=10, choices=AGE_BANDS, blank=True)
    country = models.CharField(
        _("country"), max_length=2, choices=COUNTRIES, blank=True, help_text=_("For a national forum only.")
    )
    position = models.PositiveIntegerField(_("position"), default=0)
    is_active = models.BooleanField(_("open for new ideas"), default=True)
    forum = models.OneToOneField(Forum, on_delete=models.PROTECT, related_name="+", verbose_name=_("replies"))
    # Open ideas, held ones included, hidden ones (by the support service) left out; kept by the services
    # (counting held ones keeps the counter free of the teachers' validation, which this app does not
    # hear of; hiding and showing again go through the services, which move the counter).
    idea_count = models.PositiveIntegerField(_("open ideas"), default=0)

    class Meta:
        verbose_name = _("partner-finding forum")
        verbose_name_plural = _("partner-finding forums")
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.display_name

    def _default(self, index: int, stored: str) -> str:
        texts = DEFAULT_TEXTS.get(self.code)
        if texts is not None and texts[index] and stored == texts[index]:
            return gettext(texts[index])
        return stored

    @property
    def display_name(self) -> str:
        """The name in the reader's language for a default forum the operator has not renamed."""
        return self._default(0, self.name)

    @property
    def display_description(self) -> str:
        return self._default(1, self.description)

    @property
    def is_national(self) -> bool:
        return self.kind == self.Kind.NATIONAL


class Idea(models.Model):
    """A project idea looking for partners; its public replies are a thread of its category's forum."""

    class Status(models.TextChoices):
        OPEN = "open", _("Looking for partners")
        CLOSED = "closed", _("Partners found")

    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="ideas", verbose_name=_("forum"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="project_ideas", verbose_name=_("author")
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), max_length=10_000)
    age_bands = CodeListField(_("pupils' ages"), vocabulary=AGE_BANDS)
    subjects = CodeListField(_("subjects"), vocabulary=SUBJECTS)
    languages = CodeListField(_("languages"), vocabulary=LANGUAGES)
    countries_wanted = CodeListField(_("partner countries wanted"), vocabulary=COUNTRIES)
    keywords = models.CharField(_("keywords"), max_length=300, blank=True)
    availability = models.CharField(
        _("when I can start"), max_length=200, blank=True, help_text=_("For example: from September, for one year.")
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    thread = models.OneToOneField(Thread, on_delete=models.PROTECT, related_name="+", verbose_name=_("replies"))
    created_at = models.DateTimeField(_("published"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)

    class Meta:
        verbose_name = _("project idea")
        verbose_name_plural = _("project ideas")
        constraints = [
            models.CheckConstraint(
                name="closed_idea_has_its_date", condition=Q(status="open") | Q(closed_at__isnull=False)
            ),
        ]
        indexes = [
            models.Index(fields=["category", "status", "-created_at"], name="idea_category_idx"),
            models.Index(fields=["author", "status"], name="idea_author_idx"),
        ]

    def __str__(self) -> str:
        return self.title
