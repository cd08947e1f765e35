"""A covering index for issuing and reconciling invoices: an organization's month read from the index alone."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('fee_training_xblock', '0007_staff_count_indexes'),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name='courseassignment',
            name='fee_training_assign_org_time',
        ),
        migrations.AddIndex(
            model_name='courseassignment',
            index=models.Index(fields=['organization', 'created_at', 'billing_month', 'profile', 'course_key', 'currency', 'price_minor'], name='fee_training_assign_org_bill'),
        ),
    ]
