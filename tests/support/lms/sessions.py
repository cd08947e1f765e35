"""Stand-in for openedx/core/lib/session_serializers.py: the LMS pickles sessions (CourseMasquerade objects live there)."""
import pickle


class PickleSerializer:
    """Django session serializer using pickle."""

    protocol = pickle.HIGHEST_PROTOCOL

    def dumps(self, obj):
        """Serialise the session dict."""
        return pickle.dumps(obj, self.protocol)

    def loads(self, data):
        """Read the session dict."""
        return pickle.loads(data)
