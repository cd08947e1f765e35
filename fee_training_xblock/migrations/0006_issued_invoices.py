"""Issued invoices: numbered, immutable, with their lines and per-currency totals stored (subscriptions/issuing.py)."""

import django.db.models.deletion
import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('fee_training_xblock', '0005_paypal'),
    ]

    operations = [
        migrations.CreateModel(
            name='Invoice',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('number', models.PositiveIntegerField(help_text='Sequential, without gaps, across organizations.', unique=True)),
                ('organization', models.CharField(max_length=255)),
                ('month', models.CharField(help_text='YYYY-MM, boundaries in `time_zone`.', max_length=7)),
                ('time_zone', models.CharField(max_length=64)),
                ('period_start', models.DateTimeField()),
                ('period_end', models.DateTimeField()),
                ('ledger_cutoff', models.BigIntegerField(help_text='The highest course-assignment id existing when issued.')),
                ('issued_at', models.DateTimeField(default=django.utils.timezone.now)),
                ('previous', models.OneToOneField(blank=True, help_text="The organization's invoice before this one (its region is excluded).", null=True, on_delete=django.db.models.deletion.PROTECT, related_name='next', to='fee_training_xblock.invoice')),
            ],
        ),
        migrations.CreateModel(
            name='InvoiceLine',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('position', models.PositiveIntegerField()),
                ('kind', models.CharField(choices=[('charge', 'Assignments of the month'), ('adjustment', 'Late assignments of an earlier month')], max_length=16)),
                ('for_month', models.CharField(help_text='The month the assignments were billed in.', max_length=7)),
                ('profile_id', models.PositiveIntegerField(help_text='The subscription profile (kept as a number: history).')),
                ('profile_name', models.CharField(max_length=200)),
                ('course_key', models.CharField(max_length=255)),
                ('currency', models.CharField(max_length=3)),
                ('unit_price_minor', models.BigIntegerField()),
                ('assignments', models.PositiveIntegerField()),
                ('amount_minor', models.BigIntegerField()),
                ('invoice', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='lines', to='fee_training_xblock.invoice')),
            ],
            options={
                'ordering': ['invoice', 'position'],
            },
        ),
        migrations.CreateModel(
            name='InvoiceTotal',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('currency', models.CharField(max_length=3)),
                ('assignments', models.PositiveIntegerField()),
                ('amount_minor', models.BigIntegerField()),
                ('invoice', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='totals', to='fee_training_xblock.invoice')),
            ],
            options={
                'ordering': ['invoice', 'currency'],
            },
        ),
        migrations.AddConstraint(
            model_name='invoice',
            constraint=models.UniqueConstraint(fields=('organization', 'month'), name='fee_training_one_invoice_per_org_month'),
        ),
        migrations.AddConstraint(
            model_name='invoiceline',
            constraint=models.UniqueConstraint(fields=('invoice', 'position'), name='fee_training_one_line_per_position'),
        ),
        migrations.AddConstraint(
            model_name='invoicetotal',
            constraint=models.UniqueConstraint(fields=('invoice', 'currency'), name='fee_training_one_total_per_currency'),
        ),
    ]
