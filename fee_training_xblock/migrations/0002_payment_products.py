"""Payments record who pays and what is bought as data; webhook events keep failures for audit.

`purpose` ("access" or "subscription") and the title "Subscription: <profile name>"
become product_type/product_id; user_key/user_email become payer_key/payer_email,
since a payer need not be the learner (a host pays for a live session).
"""
from django.db import migrations, models

SUBSCRIPTION_TITLE = "Subscription: "


def fill_products(apps, schema_editor):
    """Give existing payments the product they bought, read from purpose and title."""
    payment_model = apps.get_model("fee_training_xblock", "Payment")
    profile_model = apps.get_model("fee_training_xblock", "SubscriptionProfile")
    for payment in payment_model.objects.all().iterator():
        if payment.purpose == "subscription":
            name = payment.title[len(SUBSCRIPTION_TITLE):] if payment.title.startswith(SUBSCRIPTION_TITLE) else ""
            profile = profile_model.objects.filter(name=name).first()
            payment.product_type, payment.product_id = "subscription", str(profile.pk if profile else "")
        else:
            payment.product_type, payment.product_id = "block_access", payment.usage_key
        payment.save(update_fields=["product_type", "product_id"])


def restore_purpose(apps, schema_editor):
    """Reverse: product_type back into purpose."""
    payment_model = apps.get_model("fee_training_xblock", "Payment")
    payment_model.objects.filter(product_type="subscription").update(purpose="subscription")


class Migration(migrations.Migration):

    dependencies = [("fee_training_xblock", "0001_squashed_0004_subscription_billing")]

    operations = [
        migrations.RemoveIndex(model_name="payment", name="fee_training_pay_block_user"),
        migrations.RenameField(model_name="payment", old_name="user_key", new_name="payer_key"),
        migrations.RenameField(model_name="payment", old_name="user_email", new_name="payer_email"),
        migrations.AddField(model_name="payment", name="product_type", field=models.CharField(
            default="block_access", max_length=32,
            help_text="What was bought: a type registered in core.products."), preserve_default=False),
        migrations.AddField(model_name="payment", name="product_id", field=models.CharField(
            default="", max_length=255,
            help_text="Which one of that type (e.g. a usage key, a profile id)."), preserve_default=False),
        migrations.RunPython(fill_products, restore_purpose),
        migrations.RemoveField(model_name="payment", name="purpose"),
        migrations.AlterField(model_name="payment", name="payer_key", field=models.CharField(
            help_text="LMS user id of the payer (workbench: student id).", max_length=255)),
        migrations.AlterField(model_name="payment", name="course_key", field=models.CharField(
            db_index=True, help_text="The course it was sold in.", max_length=255)),
        migrations.AlterField(model_name="payment", name="usage_key", field=models.CharField(
            help_text="The block it was sold in.", max_length=255)),
        migrations.AlterField(model_name="payment", name="title", field=models.CharField(
            blank=True, help_text="What was bought, as the payer saw it.", max_length=255)),
        migrations.AddIndex(model_name="payment", index=models.Index(
            fields=["usage_key", "payer_key"], name="fee_training_pay_block_user")),
        migrations.AddIndex(model_name="payment", index=models.Index(
            fields=["product_type", "product_id"], name="fee_training_pay_product")),
        migrations.AddField(model_name="webhookevent", name="status", field=models.CharField(
            choices=[("processed", "Processed"), ("failed", "Failed (will be retried)")], default="processed",
            max_length=16)),
        migrations.AddField(model_name="webhookevent", name="error", field=models.TextField(
            blank=True, help_text="Why processing failed, when it did.")),
        migrations.AddField(model_name="webhookevent", name="attempts", field=models.PositiveIntegerField(default=1)),
    ]
