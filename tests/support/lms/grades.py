"""Stand-in for the part of grading that decides which problems count.

Follows lms/djangoapps/grades/course_data.py (weup-tutor/hexafret-openedx-platform @
9b1d736f, the Tutor-era file; not in the openedx-platform index): `CourseData.structure`
is ``get_course_blocks(user, course usage key)``, so a block removed for the user
neither earns nor owes points: it leaves the denominator, like cohort-restricted
content. The scores themselves (earned) and persisted subsection grades are not
modelled; possible points are the weights of the scored blocks left in the structure.
"""
from tests.support.lms.course_blocks import get_course_blocks
from tests.support.lms.modulestore import modulestore


class CourseData:
    """The user's view of the course, for grading."""

    def __init__(self, user, course_key):
        self.user, self.course_key = user, course_key
        self._structure = None

    @property
    def structure(self):
        """The course structure transformed for the user."""
        if self._structure is None:
            self._structure = get_course_blocks(self.user, modulestore().make_course_usage_key(self.course_key))
        return self._structure

    def possible_points(self):
        """Sum of the weights of the scored blocks the user can see."""
        structure = self.structure
        return sum(
            (structure.get_xblock_field(key, "weight") or 0.0)
            for key in structure.get_block_keys() if structure.get_xblock_field(key, "has_score")
        )
