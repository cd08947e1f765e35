"""Indexes for the staff figures loaded on demand: live grants of a block, live assignments of a course."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('fee_training_xblock', '0003_issued_invoices'),
    ]

    operations = [
        migrations.AddIndex(
            model_name='accessgrant',
            index=models.Index(fields=['usage_key', 'revoked_at', 'expires_at'], name='fee_training_grant_block_live'),
        ),
        migrations.AddIndex(
            model_name='courseassignment',
            index=models.Index(fields=['course_key', 'expires_at'], name='fee_training_assign_crs_expiry'),
        ),
    ]
