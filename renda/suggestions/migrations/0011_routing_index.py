from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("suggestions", "0010_hotline_consent")]

    operations = [
        migrations.CreateModel(
            name="RoutingTerm",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True,
                        primary_key=True,
                        serialize=False,
                        verbose_name="ID",
                    ),
                ),
                (
                    "term",
                    models.CharField(max_length=64, unique=True, verbose_name="词"),
                ),
                ("df", models.PositiveIntegerField(verbose_name="文档数")),
                ("units", models.JSONField(default=list, verbose_name="单位权重")),
                ("examples", models.JSONField(default=dict, verbose_name="示例")),
            ],
            options={"verbose_name": "分办索引词", "verbose_name_plural": "分办索引词"},
        ),
        migrations.CreateModel(
            name="RoutingIndexBuild",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True,
                        primary_key=True,
                        serialize=False,
                        verbose_name="ID",
                    ),
                ),
                ("built_at", models.DateTimeField(verbose_name="建立时间")),
                ("documents", models.PositiveIntegerField(verbose_name="文档数")),
                ("terms", models.PositiveIntegerField(verbose_name="词数")),
                ("seconds", models.FloatField(default=0, verbose_name="耗时（秒）")),
            ],
            options={
                "verbose_name": "分办索引建立记录",
                "verbose_name_plural": "分办索引建立记录",
                "ordering": ["-id"],
            },
        ),
    ]
