"""Scenarios for the XBlock SDK workbench (the demo): paid, zero-decimal, free, subscription and live-session blocks."""


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
    ]
