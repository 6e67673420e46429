"""Take over reception days and residents' requests from the stations app.

The tables stay where stations/0002 created them (``stations_*``): this
migration only tells Django's state that the models now live here
(``SeparateDatabaseAndState``), and renames their content types so that
permissions and generic references follow. stations/0003 removes them from the
stations app's state.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

MODELS = ["receptionday", "publicrequest", "publicrequestphoto", "publicrequestevent"]


def move_content_types(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in MODELS:
        old = ContentType.objects.filter(app_label="stations", model=model).first()
        if old is None:
            continue
        if ContentType.objects.filter(app_label="receptions", model=model).exists():
            continue
        old.app_label = "receptions"
        old.save(update_fields=["app_label"])


def restore_content_types(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in MODELS:
        moved = ContentType.objects.filter(app_label="receptions", model=model).first()
        if moved is None:
            continue
        if ContentType.objects.filter(app_label="stations", model=model).exists():
            continue
        moved.app_label = "stations"
        moved.save(update_fields=["app_label"])


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("deputies", "0002_roster_import"),
        ("stations", "0002_reception_days_and_requests"),
        ("suggestions", "0003_perf_indexes"),
        ("units", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='PublicRequest',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('created_at', models.DateTimeField(auto_now_add=True, db_index=True, verbose_name='创建时间')),
                        ('updated_at', models.DateTimeField(auto_now=True, verbose_name='更新时间')),
                        ('source', models.CharField(choices=[('RECEPTION_DAY', '代表接待日'), ('DEPUTY', '代表走访'), ('QR_FORM', '扫码留言')], max_length=16, verbose_name='来源')),
                        ('receipt_number', models.CharField(max_length=16, unique=True, verbose_name='回执编号')),
                        ('resident_name', models.CharField(max_length=50, verbose_name='群众姓名')),
                        ('resident_phone', models.CharField(blank=True, max_length=20, verbose_name='联系电话')),
                        ('consent_at', models.DateTimeField(verbose_name='同意记录个人信息时间')),
                        ('content', models.TextField(verbose_name='诉求内容')),
                        ('location', models.CharField(blank=True, max_length=200, verbose_name='涉及地点')),
                        ('client_hash', models.CharField(blank=True, db_index=True, editable=False, max_length=64)),
                        ('status', models.CharField(choices=[('RECEIVED', '已受理'), ('ROUTED', '已转街道/乡镇办理'), ('ANSWERED', '已答复'), ('CONVERTED', '已转为代表建议'), ('CLOSED', '已办结')], default='RECEIVED', max_length=16, verbose_name='状态')),
                        ('tier', models.CharField(blank=True, choices=[('ON_THE_SPOT', '当场答复'), ('GRASSROOTS', '街道/乡镇办理'), ('SUGGESTION', '县级以上：转代表建议')], max_length=16, verbose_name='分级处理')),
                        ('routed_at', models.DateTimeField(blank=True, null=True, verbose_name='转办时间')),
                        ('due_at', models.DateField(blank=True, null=True, verbose_name='办理期限')),
                        ('due_provisional', models.BooleanField(default=False, verbose_name='期限暂定')),
                        ('answer', models.TextField(blank=True, verbose_name='答复内容')),
                        ('answered_at', models.DateTimeField(blank=True, null=True, verbose_name='答复时间')),
                        ('resident_told_at', models.DateTimeField(blank=True, null=True, verbose_name='告知群众时间')),
                        ('closed_at', models.DateTimeField(blank=True, null=True, verbose_name='办结时间')),
                        ('answered_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='答复人')),
                        ('handling_unit', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='public_requests', to='units.handlingunit', verbose_name='办理单位')),
                        ('received_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='public_requests_received', to='deputies.deputy', verbose_name='接待代表')),
                        ('recorded_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='记录人')),
                        ('station', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='public_requests', to='stations.liaisonstation', verbose_name='联络站')),
                        ('suggestion', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='public_requests', to='suggestions.suggestion', verbose_name='转成的代表建议')),
                    ],
                    options={
                        'db_table': 'stations_publicrequest',
                        'verbose_name': '民意诉求',
                        'verbose_name_plural': '民意诉求',
                        'ordering': ['-created_at', '-id'],
                    },
                ),
                migrations.CreateModel(
                    name='PublicRequestEvent',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('kind', models.CharField(choices=[('RECEIVED', '受理'), ('ROUTED', '转街道/乡镇办理'), ('CONVERTED', '转为代表建议'), ('ANSWERED', '答复'), ('RESIDENT_TOLD', '告知群众'), ('CLOSED', '办结')], max_length=16, verbose_name='事项')),
                        ('at', models.DateTimeField(db_index=True, verbose_name='时间')),
                        ('summary', models.CharField(max_length=500, verbose_name='摘要')),
                        ('data', models.JSONField(blank=True, default=dict)),
                        ('actor', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('request', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='events', to='receptions.publicrequest')),
                    ],
                    options={
                        'db_table': 'stations_publicrequestevent',
                        'verbose_name': '诉求办理记录',
                        'verbose_name_plural': '诉求办理记录',
                        'ordering': ['at', 'id'],
                    },
                ),
                migrations.CreateModel(
                    name='PublicRequestPhoto',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('created_at', models.DateTimeField(auto_now_add=True, db_index=True, verbose_name='创建时间')),
                        ('updated_at', models.DateTimeField(auto_now=True, verbose_name='更新时间')),
                        ('file', models.FileField(upload_to='stations/requests/%Y/%m/', verbose_name='照片')),
                        ('original_name', models.CharField(max_length=200, verbose_name='原文件名')),
                        ('size', models.PositiveIntegerField(verbose_name='大小')),
                        ('request', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='photos', to='receptions.publicrequest')),
                    ],
                    options={
                        'db_table': 'stations_publicrequestphoto',
                        'verbose_name': '诉求照片',
                        'verbose_name_plural': '诉求照片',
                        'ordering': ['id'],
                    },
                ),
                migrations.CreateModel(
                    name='ReceptionDay',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('created_at', models.DateTimeField(auto_now_add=True, db_index=True, verbose_name='创建时间')),
                        ('updated_at', models.DateTimeField(auto_now=True, verbose_name='更新时间')),
                        ('date', models.DateField(verbose_name='日期')),
                        ('start_time', models.TimeField(verbose_name='开始时间')),
                        ('end_time', models.TimeField(verbose_name='结束时间')),
                        ('place', models.CharField(max_length=200, verbose_name='地点')),
                        ('topic', models.CharField(blank=True, max_length=200, verbose_name='主题')),
                        ('status', models.CharField(choices=[('PLANNED', '计划中'), ('HELD', '已举行'), ('POSTPONED', '已延期'), ('CANCELLED', '已取消')], default='PLANNED', max_length=16, verbose_name='状态')),
                        ('status_reason', models.CharField(blank=True, max_length=500, verbose_name='延期或取消原因')),
                        ('held_at', models.DateTimeField(blank=True, null=True, verbose_name='举行时间')),
                        ('attendees', models.ManyToManyField(blank=True, db_table='stations_receptionday_attendees', related_name='reception_days_attended', to='deputies.deputy', verbose_name='实到代表')),
                        ('created_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='创建人')),
                        ('deputies', models.ManyToManyField(blank=True, db_table='stations_receptionday_deputies', related_name='reception_days', to='deputies.deputy', verbose_name='值班代表')),
                        ('station', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='reception_days', to='stations.liaisonstation', verbose_name='联络站')),
                    ],
                    options={
                        'db_table': 'stations_receptionday',
                        'verbose_name': '代表接待日',
                        'verbose_name_plural': '代表接待日',
                        'ordering': ['date', 'start_time', 'id'],
                    },
                ),
                migrations.AddField(
                    model_name='publicrequest',
                    name='reception_day',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='public_requests', to='receptions.receptionday', verbose_name='接待日'),
                ),
                migrations.AddIndex(
                    model_name='receptionday',
                    index=models.Index(fields=['station', 'date'], name='stations_re_station_848070_idx'),
                ),
                migrations.AddConstraint(
                    model_name='receptionday',
                    constraint=models.CheckConstraint(condition=models.Q(('end_time__gt', models.F('start_time'))), name='reception_day_ends_after_start'),
                ),
                migrations.AddConstraint(
                    model_name='receptionday',
                    constraint=models.CheckConstraint(condition=models.Q(models.Q(('status__in', ['POSTPONED', 'CANCELLED']), _negated=True), models.Q(('status_reason', ''), _negated=True), _connector='OR'), name='reception_day_change_has_reason'),
                ),
                migrations.AddIndex(
                    model_name='publicrequest',
                    index=models.Index(fields=['station', '-created_at'], name='stations_pu_station_2f2b83_idx'),
                ),
                migrations.AddIndex(
                    model_name='publicrequest',
                    index=models.Index(fields=['handling_unit', 'status', 'due_at'], name='stations_pu_handlin_f0be63_idx'),
                ),
                migrations.AddConstraint(
                    model_name='publicrequest',
                    constraint=models.CheckConstraint(condition=models.Q(models.Q(('status', 'ROUTED'), _negated=True), ('handling_unit__isnull', False), _connector='OR'), name='public_request_routed_has_unit'),
                ),
                migrations.AddConstraint(
                    model_name='publicrequest',
                    constraint=models.CheckConstraint(condition=models.Q(models.Q(('status', 'CONVERTED'), _negated=True), ('suggestion__isnull', False), _connector='OR'), name='public_request_converted_has_suggestion'),
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(move_content_types, restore_content_types),
    ]
