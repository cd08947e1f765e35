"""Indexes for the staff figures loaded on demand: live grants of a block, a course's live assignments and monthly totals."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('fee_training_xblock', '0006_issued_invoices'),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name='courseassignment',
            name='fee_training_assign_crs_time',
        ),
        migrations.AddIndex(
            model_name='accessgrant',
            index=models.Index(fields=['usage_key', 'revoked_at', 'expires_at'], name='fee_training_grant_block_live'),
        ),
        migrations.AddIndex(
            model_name='courseassignment',
            index=models.Index(fields=['course_key', 'created_at', 'currency', 'price_minor'], name='fee_training_assign_crs_bill'),
        ),
        migrations.AddIndex(
            model_name='courseassignment',
            index=models.Index(fields=['course_key', 'expires_at'], name='fee_training_assign_crs_expiry'),
        ),
    ]
