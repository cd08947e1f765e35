"""Paid webinars: rooms (schedule copy, hashed room password), personal links, and the new ways into the ledger."""
import django.db.models.deletion
import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('fee_training_xblock', '0003_live_sessions'),
    ]

    operations = [
        migrations.CreateModel(
            name='Webinar',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('usage_key', models.CharField(max_length=255, unique=True)),
                ('course_key', models.CharField(db_index=True, max_length=255)),
                ('title', models.CharField(max_length=255)),
                ('starts_at', models.DateTimeField(blank=True, null=True)),
                ('duration_minutes', models.PositiveIntegerField(default=60)),
                ('time_zone', models.CharField(default='UTC', max_length=64)),
                ('join_url', models.CharField(blank=True, max_length=1000)),
                ('password_required', models.BooleanField(default=False)),
                ('sharing_allowed', models.BooleanField(default=True)),
                ('has_fee', models.BooleanField(default=False)),
                ('signature', models.TextField(blank=True, help_text="Signature under invitations (the author's, else the site's).")),
                ('password_hash', models.CharField(blank=True, help_text='PBKDF2 hash; the password is not kept.', max_length=255)),
                ('password_set_at', models.DateTimeField(blank=True, null=True)),
                ('password_set_by', models.CharField(blank=True, max_length=255)),
                ('updated_at', models.DateTimeField(auto_now=True)),
            ],
        ),
        migrations.AlterField(
            model_name='accessgrant',
            name='via',
            field=models.CharField(choices=[('staff', 'Granted by staff'), ('payment', 'Card payment'), ('promo', 'Promo code covering the whole fee'), ('subscription', 'Subscription course assignment'), ('live_session', "Live session opened by its host's payment"), ('webinar_link', 'Webinar: personal link'), ('webinar_password', 'Webinar: room password'), ('paid_elsewhere', 'Webinar: paid outside the platform, added by staff')], max_length=32),
        ),
        migrations.CreateModel(
            name='WebinarLink',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('participant_name', models.CharField(blank=True, max_length=200)),
                ('participant_email', models.CharField(blank=True, max_length=254)),
                ('kind', models.CharField(choices=[('invited', 'Invited by staff'), ('paid', 'Paid here'), ('paid_elsewhere', 'Paid elsewhere (added by staff)')], default='invited', max_length=20)),
                ('reference', models.CharField(blank=True, help_text="PaymentIntent, or staff's note.", max_length=255)),
                ('token_hash', models.CharField(blank=True, max_length=64, null=True, unique=True)),
                ('token_issued_at', models.DateTimeField(blank=True, null=True)),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now)),
                ('created_by', models.CharField(blank=True, max_length=255)),
                ('expires_at', models.DateTimeField(blank=True, null=True)),
                ('revoked_at', models.DateTimeField(blank=True, null=True)),
                ('revoke_reason', models.CharField(blank=True, max_length=255)),
                ('claimed_by', models.CharField(blank=True, help_text='LMS user id (workbench: student id).', max_length=255)),
                ('claimed_at', models.DateTimeField(blank=True, null=True)),
                ('invitation_status', models.CharField(choices=[('not_sent', 'Not sent'), ('queued', 'Queued'), ('sending', 'Sending'), ('sent', 'Sent'), ('failed', 'Failed')], default='not_sent', max_length=12)),
                ('invitation_job', models.CharField(blank=True, max_length=32)),
                ('invitation_queued_at', models.DateTimeField(blank=True, null=True)),
                ('invitation_sent_at', models.DateTimeField(blank=True, null=True)),
                ('invitation_error', models.CharField(blank=True, max_length=255)),
                ('invitation_attempts', models.PositiveIntegerField(default=0)),
                ('reissued_from', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='reissues', to='fee_training_xblock.webinarlink')),
                ('webinar', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='links', to='fee_training_xblock.webinar')),
            ],
            options={
                'indexes': [models.Index(fields=['webinar', 'participant_email'], name='fee_training_link_email'), models.Index(fields=['webinar', 'claimed_by'], name='fee_training_link_holder'), models.Index(fields=['invitation_job', 'invitation_status'], name='fee_training_link_job')],
            },
        ),
    ]
