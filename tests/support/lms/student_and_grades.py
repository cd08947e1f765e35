"""Stand-ins for the enrollment check and the grades task the block side calls through compat.

- common/djangoapps/student/models (CourseEnrollment, course_enrollment.py): the classmethod
  `CourseEnrollment.is_enrolled(user, course_key)`, true for an active enrollment; enrollments
  are a registry here (`CourseEnrollment.enroll(user, course_key)`).
- lms/djangoapps/grades/tasks.py (openedx-platform @ 16462918):
  `recalculate_course_and_subsection_grades_for_user(self, **kwargs)` with user_id and
  course_key, a Celery task called with `.delay(...)`; calls are recorded in `QUEUED`.
"""
QUEUED = []


class CourseEnrollment:
    """Active enrollments."""

    _active = set()

    @classmethod
    def enroll(cls, user, course_key):
        """Record an active enrollment."""
        cls._active.add((user.id, str(course_key)))

    @classmethod
    def unenroll(cls, user, course_key):
        """Forget an enrollment (tests clean up after themselves)."""
        cls._active.discard((user.id, str(course_key)))

    @classmethod
    def is_enrolled(cls, user, course_key):
        """True for an active enrollment."""
        return (user.id, str(course_key)) in cls._active


class _Task:
    def delay(self, **kwargs):
        """Queue the task (recorded)."""
        QUEUED.append(kwargs)


recalculate_course_and_subsection_grades_for_user = _Task()
