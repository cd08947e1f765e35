"""Stand-ins for the Open edX LMS interfaces the plugin touches (edx-platform cannot be installed here).

Each module follows one LMS file and says which one (repository @ commit) in its
docstring; `install.py` registers them under the real dotted names
(`xmodule.partitions.partitions`, `lms.djangoapps.courseware.access`, ...), so the
plugin's compat.py imports them exactly as it imports the LMS, the settings
strings it writes (provider paths, "module:attr" wrappers) resolve, and stevedore
finds the plugin's real entry points.

They are rebuilt from the LMS source in our own code, reproducing the behaviour
the plugin depends on (names, arguments, return values, the order of checks),
not the rest of each file. Nothing here is a mock: every call runs.

Sources: P = openedx/openedx-platform, E = openedx/edx-platform (older snapshots).
"""
