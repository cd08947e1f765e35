"""Pure rules of webinars: tokens, password hashing, participant lines, schedule and join window, admission, .ics."""
