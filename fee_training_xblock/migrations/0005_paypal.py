"""PayPal beside cards: a payment knows its method and PayPal capture; webhook events know their provider.

Existing payments were all card payments and existing events all Stripe's, which the defaults say.
"""
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('fee_training_xblock', '0004_webinars'),
    ]

    operations = [
        migrations.AddField(
            model_name='payment',
            name='capture_id',
            field=models.CharField(blank=True, db_index=True, help_text="PayPal: the capture that took the money (the buyer's transaction id).", max_length=255),
        ),
        migrations.AddField(
            model_name='payment',
            name='method',
            field=models.CharField(choices=[('card', 'Card (Stripe)'), ('paypal', 'PayPal')], default='card', help_text='How the payer pays: card (Stripe) or PayPal.', max_length=16),
        ),
        migrations.AddField(
            model_name='webhookevent',
            name='provider',
            field=models.CharField(choices=[('stripe', 'Stripe'), ('paypal', 'PayPal')], default='stripe', max_length=16),
        ),
        migrations.AlterField(
            model_name='payment',
            name='payment_intent_id',
            field=models.CharField(help_text="The provider id of the attempt: Stripe PaymentIntent or PayPal order.", max_length=255, unique=True),
        ),
        migrations.AlterField(
            model_name='payment',
            name='status',
            field=models.CharField(choices=[('pending', 'Waiting for the payment'), ('paid', 'Paid'), ('failed', 'Failed'), ('refunded', 'Refunded')], default='pending', max_length=16),
        ),
    ]
