"""A real SMTP server for tests (aiosmtpd) that keeps every message it receives, parsed.

Django's SMTP email backend talks to it over TCP on 127.0.0.1, so a test sees what a
mail server would: envelope recipients and the full MIME message. Addresses listed
in `refuse` are rejected with 550 at RCPT time, as a real server refuses an unknown mailbox.
"""
import email
import email.policy
import threading

from aiosmtpd.controller import Controller

from tests.support import free_port


class _Collector:
    """aiosmtpd handler: refuse some recipients, keep the rest."""

    def __init__(self, server):
        self.server = server

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802 (aiosmtpd's name)
        if address.lower() in self.server.refuse:
            return "550 5.1.1 No such mailbox here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's name)
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        with self.server.lock:
            self.server.messages.append((list(envelope.rcpt_tos), message))
        return "250 Message accepted"


class SmtpServer:
    """A running SMTP server: `.port`, `.messages` [(recipients, EmailMessage)], `.refuse` (set of addresses)."""

    def __init__(self):
        self.port = free_port()
        self.messages, self.refuse, self.lock = [], set(), threading.Lock()
        self._controller = Controller(_Collector(self), hostname="127.0.0.1", port=self.port)

    def start(self):
        """Start listening (in aiosmtpd's own thread)."""
        self._controller.start()
        return self

    def stop(self):
        """Stop listening."""
        self._controller.stop()

    def clear(self):
        """Forget received messages and refused addresses."""
        with self.lock:
            self.messages.clear()
        self.refuse.clear()

    def to(self, address):
        """Messages received for `address`."""
        with self.lock:
            return [message for recipients, message in self.messages if address in recipients]

    def django_settings(self):
        """Django settings that send email to this server."""
        return {"EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend", "EMAIL_HOST": "127.0.0.1",
                "EMAIL_PORT": self.port, "EMAIL_USE_TLS": False, "EMAIL_TIMEOUT": 10,
                "DEFAULT_FROM_EMAIL": "webinars@example.org"}
