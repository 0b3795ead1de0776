"""A stable `code` for the default forums, so that their names and descriptions show translated.

The default forums get their slug as code (the slugs the previous migration
gave them). The national forum's description now says that its ideas look
for partners in the author's own country (only when the operator kept the
first text).
"""

from django.db import migrations, models

CODES = [
    "ages-0-3",
    "ages-4-6",
    "ages-7-9",
    "ages-10-12",
    "ages-13-15",
    "ages-16-19",
    "ages-20-plus",
    "etwinning-plus",
    "national-projects",
]
OLD_NATIONAL = "Projects between schools of the same country."
NEW_NATIONAL = (
    "Projects between schools of the same country: an idea here looks for partners in its author's own country."
)


def set_codes(apps, schema_editor):
    Category = apps.get_model("forums", "Category")
    for code in CODES:
        Category.objects.filter(slug=code, code="").update(code=code)
    Category.objects.filter(code="national-projects", description=OLD_NATIONAL).update(description=NEW_NATIONAL)


def unset_codes(apps, schema_editor):
    Category = apps.get_model("forums", "Category")
    Category.objects.filter(code="national-projects", description=NEW_NATIONAL).update(description=OLD_NATIONAL)
    Category.objects.update(code="")


class Migration(migrations.Migration):
    dependencies = [
        ("forums", "0003_default_categories"),
    ]

    operations = [
        migrations.AddField(
            model_name="category",
            name="code",
            field=models.CharField(blank=True, editable=False, max_length=30, verbose_name="code"),
        ),
        migrations.RunPython(set_codes, unset_codes),
    ]
