"""The default partner-finding forums: one per pupils' age band, one for eTwinning Plus, one for national projects.

The operator renames, reorders, closes or adds forums in the admin afterwards.
Each gets its replies forum, as `discussions.services.forum_create` makes it.
"""

from django.db import migrations

AGE_BANDS = [
    ("0-3", "ages-0-3", "Pupils up to 3"),
    ("4-6", "ages-4-6", "Pupils aged 4 to 6"),
    ("7-9", "ages-7-9", "Pupils aged 7 to 9"),
    ("10-12", "ages-10-12", "Pupils aged 10 to 12"),
    ("13-15", "ages-13-15", "Pupils aged 13 to 15"),
    ("16-19", "ages-16-19", "Pupils aged 16 to 19"),
    ("20+", "ages-20-plus", "Learners over 19"),
]
PURPOSE = "idea_replies"


def create(apps, schema_editor):
    Category = apps.get_model("forums", "Category")
    Forum = apps.get_model("discussions", "Forum")
    rows = [
        {"kind": "age", "age_band": band, "slug": slug, "name": name, "description": ""}
        for band, slug, name in AGE_BANDS
    ]
    rows.append(
        {
            "kind": "plus",
            "age_band": "",
            "slug": "etwinning-plus",
            "name": "eTwinning Plus",
            "description": "Projects with schools of the neighbouring countries of the European Union.",
        }
    )
    rows.append(
        {
            "kind": "national",
            "age_band": "",
            "slug": "national-projects",
            "name": "National projects",
            "description": "Projects between schools of the same country.",
        }
    )
    for position, row in enumerate(rows, start=1):
        if Category.objects.filter(slug=row["slug"]).exists():
            continue
        Category.objects.create(forum=Forum.objects.create(purpose=PURPOSE), position=position * 10, **row)


def remove(apps, schema_editor):
    Category = apps.get_model("forums", "Category")
    Forum = apps.get_model("discussions", "Forum")
    slugs = [slug for _band, slug, _name in AGE_BANDS] + ["etwinning-plus", "national-projects"]
    for category in Category.objects.filter(slug__in=slugs, ideas__isnull=True):
        forum_id = category.forum_id
        category.delete()
        Forum.objects.filter(pk=forum_id).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("forums", "0002_idea_held_at_read_time"),
        ("discussions", "0002_report_threadfollow"),
    ]

    operations = [migrations.RunPython(create, remove)]
