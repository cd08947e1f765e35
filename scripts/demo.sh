#!/usr/bin/env bash
# Prepare and serve the workbench demo on http://127.0.0.1:8000 (called by `make demo`).
set -euo pipefail
cd "$(dirname "$0")/.."
export DJANGO_SETTINGS_MODULE=demo.settings
export PYTHONPATH="$PWD${PYTHONPATH:+:$PYTHONPATH}"
export EXCLUDE_SAMPLE_XBLOCKS=yes
mkdir -p var
.venv/bin/django-admin migrate --run-syncdb --verbosity 0
echo
echo "  Demo ready: http://127.0.0.1:8000/"
echo "  Learner view: add ?student=alice to a scenario URL; staff view: ?student=staff"
echo
exec .venv/bin/django-admin runserver 127.0.0.1:8000 --noreload
