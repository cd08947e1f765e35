"""Infrastructure check: the suite runs on a real MariaDB server that handles concurrent access."""
import os

import pytest
from django.contrib.auth import get_user_model
from django.db import connection, transaction

from tests.support.concurrency import run_concurrently

ON_SQLITE = os.environ.get("FEE_TRAINING_TEST_DB", "").lower() == "sqlite"


@pytest.mark.mysql
@pytest.mark.skipif(ON_SQLITE, reason="FEE_TRAINING_TEST_DB=sqlite")
@pytest.mark.django_db
def test_database_is_mariadb():
    """The default connection goes to MariaDB, with utf8mb4 and InnoDB."""
    assert connection.vendor == "mysql"
    assert connection.mysql_is_mariadb
    assert connection.settings_dict["NAME"].startswith("test_")
    with connection.cursor() as cursor:
        cursor.execute("SELECT @@character_set_database, @@default_storage_engine")
        charset, engine = cursor.fetchone()
    assert charset == "utf8mb4"
    assert engine == "InnoDB"


@pytest.mark.django_db
def test_apps_without_migrations_get_tables():
    """The workbench ships no migrations: the test database still has its tables (run_syncdb)."""
    tables = connection.introspection.table_names()
    assert "workbench_xblockstate" in tables
    assert "auth_user" in tables


@pytest.mark.mysql
@pytest.mark.skipif(ON_SQLITE, reason="row locks need a database server")
@pytest.mark.django_db(transaction=True)
def test_row_lock_serialises_eight_threads():
    """8 threads increment one counter under SELECT ... FOR UPDATE: no update is lost."""
    user = get_user_model().objects.create(username="counter", first_name="0")

    def increment(index):
        with transaction.atomic():
            locked = get_user_model().objects.select_for_update().get(pk=user.pk)
            locked.first_name = str(int(locked.first_name) + 1)
            locked.save(update_fields=["first_name"])
        return index

    outcomes = run_concurrently(increment, 8)

    assert [outcome.error for outcome in outcomes] == [None] * 8
    assert sorted(outcome.result for outcome in outcomes) == list(range(8))
    user.refresh_from_db()
    assert user.first_name == "8"
