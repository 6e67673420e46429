"""Take over the legal calendar's models from ``core``, tables and rows unchanged.

State only: the tables were created by ``core.0002_legal_calendar`` and keep their
names (``Meta.db_table``). Existing content types move with the models, so their
ids (and anything referring to them) stay valid.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

MODELS = ["holidaycalendaryear", "holidaycalendarday"]


def _move_content_types(apps, schema_editor, old, new):
    ContentType = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    for model in MODELS:
        if not ContentType.objects.using(db).filter(app_label=new, model=model).exists():
            ContentType.objects.using(db).filter(app_label=old, model=model).update(
                app_label=new
            )


def forwards(apps, schema_editor):
    _move_content_types(apps, schema_editor, "core", "legal_calendar")


def backwards(apps, schema_editor):
    _move_content_types(apps, schema_editor, "legal_calendar", "core")


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('core', '0002_legal_calendar'),
        ('contenttypes', '0002_remove_content_type_name'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='HolidayCalendarYear',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('created_at', models.DateTimeField(auto_now_add=True, db_index=True, verbose_name='创建时间')),
                        ('updated_at', models.DateTimeField(auto_now=True, verbose_name='更新时间')),
                        ('year', models.PositiveSmallIntegerField(unique=True, verbose_name='年份')),
                        ('published', models.BooleanField(default=False, verbose_name='已录入全年安排')),
                        ('source', models.CharField(blank=True, help_text='例如：国务院办公厅关于某年部分节假日安排的通知（国办发明电〔某〕某号）', max_length=300, verbose_name='依据')),
                        ('created_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='录入人')),
                    ],
                    options={
                        'db_table': 'core_holidaycalendaryear',
                        'verbose_name': '节假日安排年度',
                        'verbose_name_plural': '节假日安排年度',
                        'ordering': ['-year'],
                    },
                ),
                migrations.CreateModel(
                    name='HolidayCalendarDay',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('created_at', models.DateTimeField(auto_now_add=True, db_index=True, verbose_name='创建时间')),
                        ('updated_at', models.DateTimeField(auto_now=True, verbose_name='更新时间')),
                        ('date', models.DateField(unique=True, verbose_name='日期')),
                        ('kind', models.CharField(choices=[('HOLIDAY', '法定节假日'), ('MAKEUP_WORKDAY', '调休上班日')], max_length=20, verbose_name='类型')),
                        ('name', models.CharField(blank=True, max_length=50, verbose_name='名称')),
                        ('created_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='录入人')),
                    ],
                    options={
                        'db_table': 'core_holidaycalendarday',
                        'verbose_name': '节假日与调休日',
                        'verbose_name_plural': '节假日与调休日',
                        'ordering': ['date'],
                        'constraints': [models.CheckConstraint(condition=models.Q(('kind__in', ['HOLIDAY', 'MAKEUP_WORKDAY'])), name='core_holidaycalendarday_kind_valid')],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(forwards, backwards),
    ]
