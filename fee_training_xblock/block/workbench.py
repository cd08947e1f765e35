"""Scenarios for the XBlock SDK workbench (the demo): paid, free, subscription, live-session and webinar blocks."""
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

WEBINAR_ZONE = "Europe/Warsaw"


def demo_webinar_start(now=None):
    """The demo webinars start 10-15 minutes after the workbench loads, so their Join button works at once.

    (Local time in WEBINAR_ZONE, rounded up to five minutes, as an author would type it.)
    """
    local = (now or datetime.now(ZoneInfo(WEBINAR_ZONE))).astimezone(ZoneInfo(WEBINAR_ZONE)) + timedelta(minutes=10)
    local += timedelta(minutes=(5 - local.minute % 5) % 5)
    return local.strftime("%Y-%m-%d %H:%M")


def scenarios():
    """(title, OLX) pairs; each scenario acts as its own course in the workbench."""
    return [
        ("Paid access: Python for data analysis (USD)", """
<vertical_demo>
  <fee_training display_name="Python for data analysis" fee="49.99" currency="USD"
      benefit="Six video lessons, notebooks and a graded final exercise.">
    <html_demo><p class="paid-marker">Lesson 1: loading a CSV with pandas. (paid content)</p></html_demo>
    <html_demo><p>Lesson 2: grouping and aggregating.</p></html_demo>
  </fee_training>
</vertical_demo>
"""),
        ("Paid access: Japanese business etiquette (JPY, zero-decimal)", """
<vertical_demo>
  <fee_training display_name="Japanese business etiquette" fee="5000" currency="JPY"
      benefit="A recorded workshop and a checklist.">
    <html_demo><p class="paid-marker">Workshop recording (paid content).</p></html_demo>
  </fee_training>
</vertical_demo>
"""),
        ("Free access: Orientation", """
<vertical_demo>
  <fee_training display_name="Orientation" fee="0" currency="EUR" access_mode="free"
      benefit="Everything you need before the first lesson.">
    <html_demo><p class="free-marker">Welcome! This part is free for everyone.</p></html_demo>
  </fee_training>
</vertical_demo>
"""),
        ("Subscription: Cloud security lab (each course start is billed)", """
<vertical_demo>
  <fee_training display_name="Cloud security lab" fee="0" currency="USD" access_mode="subscription"
      assignment_days="180" benefit="Hands-on labs included in your organization's subscription.">
    <html_demo><p class="subscription-marker">Lab 1: locking down a storage bucket.</p></html_demo>
  </fee_training>
</vertical_demo>
"""),
        ("Live session: pay-per-use onboarding (the host pays before it opens)", """
<vertical_demo>
  <fee_training display_name="Onboarding live session" fee="0" currency="USD" access_mode="live_session">
    <html_demo><p class="paid-marker">Session materials: agenda, slides and the exercise sheet.</p></html_demo>
  </fee_training>
</vertical_demo>
"""),
        ("Webinar: Live Q&A on cleaning messy data (personal links and a room password)", f"""
<vertical_demo>
  <fee_training display_name="Live Q&amp;A: cleaning messy data" fee="0" currency="EUR" access_mode="webinar"
      webinar_starts_at="{demo_webinar_start()}" webinar_time_zone="{WEBINAR_ZONE}" webinar_duration_minutes="90"
      webinar_join_url="https://meet.example.org/live-qa-messy-data" webinar_password_required="true"
      webinar_sharing_allowed="false" webinar_signature="Anna Nowak, Data School"
      benefit="A live session with questions, plus the slides and notebook.">
    <html_demo><p class="webinar-marker">Slides and notebook of the session (for participants).</p></html_demo>
  </fee_training>
</vertical_demo>
"""),
        ("Webinar: Paid masterclass (pay by card, your personal link by email)", f"""
<vertical_demo>
  <fee_training display_name="Masterclass: dashboards that people read" fee="29.00" currency="USD"
      access_mode="webinar" webinar_starts_at="{demo_webinar_start()}" webinar_time_zone="{WEBINAR_ZONE}"
      webinar_duration_minutes="60" webinar_join_url="https://meet.example.org/masterclass-dashboards"
      webinar_sharing_allowed="true" benefit="One hour live with the author, and the recording afterwards.">
    <html_demo><p class="masterclass-marker">Workbook of the masterclass (for participants).</p></html_demo>
  </fee_training>
</vertical_demo>
"""),
    ]
