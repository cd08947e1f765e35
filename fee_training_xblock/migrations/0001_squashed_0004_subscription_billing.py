"""The initial schema: 0001–0004 (ledger, payments, promo codes, subscription billing) squashed into one."""

import django.db.models.deletion
import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):

    replaces = [('fee_training_xblock', '0001_initial'), ('fee_training_xblock', '0002_payments'), ('fee_training_xblock', '0003_promo_codes'), ('fee_training_xblock', '0004_subscription_billing')]

    initial = True

    dependencies = [
    ]

    operations = [
        migrations.CreateModel(
            name='AccessGrant',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('course_key', models.CharField(db_index=True, max_length=255)),
                ('usage_key', models.CharField(max_length=255)),
                ('user_key', models.CharField(help_text='LMS user id (workbench: student id).', max_length=255)),
                ('via', models.CharField(choices=[('staff', 'Granted by staff'), ('payment', 'Card payment'), ('promo', 'Promo code covering the whole fee'), ('subscription', 'Subscription course assignment')], max_length=32)),
                ('reference', models.CharField(blank=True, help_text='Payment, promo code or staff user behind the grant.', max_length=255)),
                ('granted_at', models.DateTimeField(default=django.utils.timezone.now)),
                ('expires_at', models.DateTimeField(blank=True, null=True)),
                ('revoked_at', models.DateTimeField(blank=True, null=True)),
                ('revoke_reason', models.CharField(blank=True, max_length=255)),
            ],
            options={
                'indexes': [models.Index(fields=['course_key', 'user_key'], name='fee_training_grant_course_user')],
                'constraints': [models.UniqueConstraint(fields=('usage_key', 'user_key'), name='fee_training_one_grant_per_block_user')],
            },
        ),
        migrations.CreateModel(
            name='WebhookEvent',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('event_id', models.CharField(max_length=255, unique=True)),
                ('event_type', models.CharField(max_length=100)),
                ('object_id', models.CharField(blank=True, db_index=True, max_length=255)),
                ('livemode', models.BooleanField(default=False)),
                ('received_at', models.DateTimeField(default=django.utils.timezone.now)),
                ('outcome', models.CharField(blank=True, help_text='What processing the event changed.', max_length=255)),
            ],
        ),
        migrations.CreateModel(
            name='Payment',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('course_key', models.CharField(db_index=True, max_length=255)),
                ('usage_key', models.CharField(max_length=255)),
                ('user_key', models.CharField(help_text='LMS user id (workbench: student id).', max_length=255)),
                ('user_email', models.CharField(blank=True, help_text='Where the receipt was sent.', max_length=254)),
                ('title', models.CharField(blank=True, help_text="What was bought (the block's display name).", max_length=255)),
                ('payment_intent_id', models.CharField(max_length=255, unique=True)),
                ('open_checkout', models.CharField(blank=True, max_length=255, null=True, unique=True)),
                ('purpose', models.CharField(default='access', max_length=32)),
                ('fee_minor', models.BigIntegerField()),
                ('discount_minor', models.BigIntegerField(default=0)),
                ('amount_minor', models.BigIntegerField(help_text='What the card was charged, in minor units.')),
                ('currency', models.CharField(max_length=3)),
                ('promo_code', models.CharField(blank=True, max_length=64)),
                ('status', models.CharField(choices=[('pending', 'Waiting for the card payment'), ('paid', 'Paid'), ('failed', 'Failed'), ('refunded', 'Refunded')], default='pending', max_length=16)),
                ('failure_message', models.CharField(blank=True, max_length=255)),
                ('refunded_minor', models.BigIntegerField(default=0)),
                ('refund_id', models.CharField(blank=True, max_length=255)),
                ('receipt_sent_at', models.DateTimeField(blank=True, null=True)),
                ('paid_at', models.DateTimeField(blank=True, null=True)),
                ('created', models.DateTimeField(auto_now_add=True)),
                ('updated', models.DateTimeField(auto_now=True)),
            ],
            options={
                'indexes': [models.Index(fields=['usage_key', 'user_key'], name='fee_training_pay_block_user')],
            },
        ),
        migrations.CreateModel(
            name='PromoCode',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('code', models.CharField(max_length=64, unique=True)),
                ('kind', models.CharField(choices=[('percent', 'Percent off'), ('amount', 'Fixed amount off')], max_length=16)),
                ('percent', models.PositiveSmallIntegerField(blank=True, null=True)),
                ('amount_minor', models.PositiveIntegerField(blank=True, help_text='Minor units of `currency`.', null=True)),
                ('currency', models.CharField(blank=True, max_length=3)),
                ('scope', models.CharField(choices=[('block', 'This block'), ('course', 'The whole course'), ('organization', 'The whole organization')], max_length=16)),
                ('scope_key', models.CharField(help_text='Usage key, course key or organization, by scope.', max_length=255)),
                ('valid_from', models.DateTimeField(blank=True, null=True)),
                ('valid_until', models.DateTimeField(blank=True, null=True)),
                ('max_redemptions', models.PositiveIntegerField(blank=True, help_text='Blank: unlimited.', null=True)),
                ('once_per_learner', models.BooleanField(default=True)),
                ('active', models.BooleanField(default=True)),
                ('batch', models.CharField(blank=True, help_text='Bulk-generation batch id.', max_length=64)),
                ('created_by', models.CharField(blank=True, max_length=255)),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now)),
                ('created_in_course_key', models.CharField(blank=True, db_index=True, max_length=255)),
            ],
            options={
                'indexes': [models.Index(fields=['scope', 'scope_key'], name='fee_training_promo_scope')],
                'constraints': [models.CheckConstraint(condition=models.Q(models.Q(('amount_minor__isnull', True), ('kind', 'percent'), ('percent__gte', 1), ('percent__lte', 100)), models.Q(('amount_minor__gte', 1), ('kind', 'amount'), ('percent__isnull', True)), _connector='OR'), name='fee_training_promo_discount_shape')],
            },
        ),
        migrations.CreateModel(
            name='PromoRedemption',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('user_key', models.CharField(max_length=255)),
                ('course_key', models.CharField(max_length=255)),
                ('usage_key', models.CharField(max_length=255)),
                ('status', models.CharField(choices=[('held', 'Held while paying'), ('confirmed', 'Confirmed (access granted)'), ('released', 'Released')], default='held', max_length=16)),
                ('learner_slot', models.CharField(blank=True, max_length=255, null=True)),
                ('held_until', models.DateTimeField(blank=True, null=True)),
                ('currency', models.CharField(max_length=3)),
                ('fee_minor', models.PositiveIntegerField()),
                ('discount_minor', models.PositiveIntegerField()),
                ('total_minor', models.PositiveIntegerField()),
                ('reference', models.CharField(blank=True, help_text="Payment behind the redemption, or 'free'.", max_length=255)),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now)),
                ('confirmed_at', models.DateTimeField(blank=True, null=True)),
                ('released_at', models.DateTimeField(blank=True, null=True)),
                ('promo', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='redemptions', to='fee_training_xblock.promocode')),
            ],
            options={
                'indexes': [models.Index(fields=['promo', 'status', 'held_until'], name='fee_training_redemption_count'), models.Index(fields=['user_key', 'usage_key', 'status'], name='fee_training_redemption_user')],
                'constraints': [models.UniqueConstraint(fields=('promo', 'learner_slot'), name='fee_training_promo_once_per_learner')],
            },
        ),
        migrations.CreateModel(
            name='SubscriptionProfile',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=200, unique=True)),
                ('organization', models.CharField(help_text="The organization billed (e.g. the course key's org).", max_length=255)),
                ('duration_days', models.PositiveIntegerField(help_text='How long each subscription made from this profile lasts.')),
                ('price_minor', models.PositiveIntegerField(help_text='Price per course assignment, in minor units (cents; yen for JPY).')),
                ('currency', models.CharField(default='USD', max_length=3)),
                ('active', models.BooleanField(default=True, help_text='Inactive profiles can no longer be sold or imported.')),
                ('sale_price_minor', models.PositiveIntegerField(blank=True, help_text='What a learner pays by card to buy this subscription in a subscription block of one of its courses (minor units, profile currency). Empty: not sold to learners.', null=True)),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now)),
            ],
        ),
        migrations.CreateModel(
            name='Subscription',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('user_key', models.CharField(help_text='LMS user id (workbench: student id).', max_length=255)),
                ('starts_at', models.DateTimeField(default=django.utils.timezone.now)),
                ('ends_at', models.DateTimeField(help_text="Start plus the profile's duration when created.")),
                ('source', models.CharField(choices=[('staff', 'Created by staff'), ('import', 'CSV import'), ('purchase', 'Bought by the learner')], default='staff', max_length=16)),
                ('payment_reference', models.CharField(blank=True, max_length=255)),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now)),
                ('profile', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='subscriptions', to='fee_training_xblock.subscriptionprofile')),
            ],
        ),
        migrations.CreateModel(
            name='ProfileCourse',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('course_key', models.CharField(max_length=255)),
                ('price_minor_override', models.PositiveIntegerField(blank=True, help_text="Price per assignment for this course (minor units); empty: the profile's price.", null=True)),
                ('profile', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='courses', to='fee_training_xblock.subscriptionprofile')),
            ],
        ),
        migrations.CreateModel(
            name='CourseAssignment',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('organization', models.CharField(max_length=255)),
                ('user_key', models.CharField(max_length=255)),
                ('course_key', models.CharField(max_length=255)),
                ('usage_key', models.CharField(help_text='The block where the course was started.', max_length=255)),
                ('sequence', models.PositiveIntegerField()),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now)),
                ('expires_at', models.DateTimeField()),
                ('billing_month', models.CharField(help_text='YYYY-MM in the billing time zone in force at creation.', max_length=7)),
                ('price_minor', models.PositiveIntegerField()),
                ('currency', models.CharField(max_length=3)),
                ('subscription', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='assignments', to='fee_training_xblock.subscription')),
                ('profile', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='assignments', to='fee_training_xblock.subscriptionprofile')),
            ],
        ),
        migrations.AddIndex(
            model_name='subscription',
            index=models.Index(fields=['user_key', 'ends_at'], name='fee_training_sub_user_end'),
        ),
        migrations.AddConstraint(
            model_name='subscription',
            constraint=models.UniqueConstraint(fields=('profile', 'user_key', 'starts_at'), name='fee_training_one_sub_per_start'),
        ),
        migrations.AddIndex(
            model_name='profilecourse',
            index=models.Index(fields=['course_key'], name='fee_training_profcourse_course'),
        ),
        migrations.AddConstraint(
            model_name='profilecourse',
            constraint=models.UniqueConstraint(fields=('profile', 'course_key'), name='fee_training_one_course_per_profile'),
        ),
        migrations.AddIndex(
            model_name='courseassignment',
            index=models.Index(fields=['created_at'], name='fee_training_assign_created'),
        ),
        migrations.AddIndex(
            model_name='courseassignment',
            index=models.Index(fields=['organization', 'created_at'], name='fee_training_assign_org_time'),
        ),
        migrations.AddIndex(
            model_name='courseassignment',
            index=models.Index(fields=['course_key', 'created_at'], name='fee_training_assign_crs_time'),
        ),
        migrations.AddConstraint(
            model_name='courseassignment',
            constraint=models.UniqueConstraint(fields=('user_key', 'course_key', 'sequence'), name='fee_training_one_assignment_seq'),
        ),
    ]
