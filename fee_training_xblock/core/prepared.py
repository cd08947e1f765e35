"""A model query compiled to SQL once per database and then run with fresh values: for the hottest reads.

A learner's view asks the ledger one question per render, and a promo lookup one
question per keystroke. Django compiles a queryset to SQL on every evaluation, which
cost as much as the rest of the view; this keeps the compiled SQL, the result
converters and the column positions, and only swaps the values in. It returns model
instances converted exactly as the ORM would (aware datetimes, JSON), so callers
cannot tell the difference.

What it relies on, and what happens if that changes: the SQL compiler's `as_sql`,
`select`, `klass_info`, `annotation_col_map`, `get_converters` and `apply_converters`
are Django internals (stable from Django 2 to 5.2, checked on 5.2.0 and the newest 5.2
by `make test` and `make test-lowest`); `Model.from_db` is public. If compiling fails
or a placeholder cannot be found in the compiled parameters (a Django version that
renders values differently), the query runs through the ORM instead, every time, with
a warning logged once: slower, never wrong.
"""
import logging
from datetime import UTC, datetime

from django.db import connections, models, router

log = logging.getLogger(__name__)

_TEXT_SENTINEL = "\x00prepared-{}\x00"


def _sentinel(field, index):
    """A value nobody passes, of the type `field` takes, unique per placeholder."""
    if isinstance(field, models.DateTimeField):
        return datetime(1901, 2, 3, 4, 5, 6, 1000 + index, tzinfo=UTC)
    return _TEXT_SENTINEL.format(index)


class PreparedQuery:
    """`build(*placeholders)` -> a queryset of `model`; `first(*values)` runs its SQL with `values` in their places.

    `first` returns a model instance (with its annotations as attributes); `rows`
    returns every row as a tuple of the columns of a `values_list` queryset. The
    placeholders must reach the SQL as plain lookup values (`field=placeholder`,
    `field__gt=placeholder`); one placeholder may be used several times. `fields`
    gives the model field whose type each placeholder has (default: text), so a
    datetime is prepared for the database as the ORM would prepare it.
    """

    def __init__(self, model, build, arity=None, fields=None):
        self.model, self.build = model, build
        self.fields = tuple(fields) if fields is not None else (models.CharField(),) * arity
        self._compiled = {}

    def _compile(self, alias, one):
        """(compiler, sql, params, positions per placeholder, converters, model field names and positions, annotations).

        None when this Django renders the query in a way the swap cannot follow.
        """
        connection = connections[alias]
        sentinels = [_sentinel(field, index) for index, field in enumerate(self.fields)]
        queryset = self.build(*sentinels)
        queryset = queryset[:1] if one else queryset
        compiler = queryset.query.get_compiler(alias)
        sql, params = compiler.as_sql()
        params = list(params)
        prepared = [field.get_db_prep_value(sentinel, connection) for field, sentinel in zip(
            self.fields, sentinels, strict=True)]
        positions = [[index for index, param in enumerate(params) if param == value] for value in prepared]
        if not all(positions):
            return None
        converters = compiler.get_converters([expression for expression, _sql, _alias in compiler.select])
        if compiler.klass_info is None:  # a values_list query: tuples, no instances
            return compiler, sql, params, positions, converters, None, None, None
        field_positions = compiler.klass_info["select_fields"]
        names = [compiler.select[index][0].target.attname for index in field_positions]
        return compiler, sql, params, positions, converters, names, field_positions, dict(
            compiler.annotation_col_map)

    def _compiled_for(self, alias, one):
        """The compiled parts for `alias` (compiled on first use), or None to use the ORM."""
        key = (alias, one)
        if key not in self._compiled:
            try:
                self._compiled[key] = self._compile(alias, one)
                why = "a placeholder is not a plain parameter of the SQL"
            except (AttributeError, KeyError, IndexError, TypeError, ValueError) as err:
                self._compiled[key], why = None, f"{type(err).__name__}: {err}"
            if self._compiled[key] is None:
                log.warning("Prepared query of %s runs through the ORM on this Django version (%s)",
                            self.model.__name__, why)
        return self._compiled[key]

    def _run(self, alias, compiled, values):
        """Converted rows of the compiled query run with `values`."""
        compiler, sql, params, positions, converters = compiled[:5]
        params = list(params)
        connection = connections[alias]
        for field, places, value in zip(self.fields, positions, values, strict=True):
            prepared = field.get_db_prep_value(value, connection)
            for place in places:
                params[place] = prepared
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        if converters:
            rows = [tuple(row) for row in compiler.apply_converters(rows, converters)]
        return rows

    def rows(self, *values):
        """Every row of a values_list query, as tuples."""
        alias = router.db_for_read(self.model)
        compiled = self._compiled_for(alias, False)
        if compiled is None:
            return [tuple(row) for row in self.build(*values).using(alias)]
        return [tuple(row) for row in self._run(alias, compiled, values)]

    def first(self, *values):
        """The first row as a model instance (with its annotations as attributes), or None."""
        alias = router.db_for_read(self.model)
        compiled = self._compiled_for(alias, True)
        if compiled is None:
            return self.build(*values).using(alias).first()
        rows = self._run(alias, compiled, values)
        if not rows:
            return None
        row, (names, field_positions, annotations) = rows[0], compiled[5:]
        instance = self.model.from_db(alias, names, [row[index] for index in field_positions])
        for name, index in annotations.items():
            setattr(instance, name, row[index])
        return instance


class PreparedWrite:
    """One INSERT of a `model` row, or one UPDATE of a row by primary key, written once per database: for hot writes.

    Built from the model's public metadata (`_meta`, each field's column and
    `get_db_prep_save`, the backend's quoting), not from compiler internals; the values
    are prepared exactly as `save()` prepares them. What it skips, and callers accept:
    the pre_save/post_save signals and `auto_now` (pass the time yourself), and the ORM
    compiling the same statement again on every call, which cost as much as sending it.
    """

    def __init__(self, model, columns, update=False):
        self.model, self.update = model, update
        self.fields = [model._meta.get_field(name) for name in columns]
        self._sql = {}

    def _statement(self, connection):
        """The SQL text for `connection`'s backend (cached per backend alias)."""
        if connection.alias not in self._sql:
            quote, table = connection.ops.quote_name, connection.ops.quote_name(self.model._meta.db_table)
            if self.update:
                assignments = ", ".join(f"{quote(field.column)} = %s" for field in self.fields)
                sql = f"UPDATE {table} SET {assignments} WHERE {quote(self.model._meta.pk.column)} = %s"
            else:
                columns = ", ".join(quote(field.column) for field in self.fields)
                sql = f"INSERT INTO {table} ({columns}) VALUES ({', '.join(['%s'] * len(self.fields))})"
            self._sql[connection.alias] = sql
        return self._sql[connection.alias]

    def run(self, *values, pk=None):
        """Run the statement with `values` for the columns (and `pk` for an UPDATE); returns the rows it changed."""
        connection = connections[router.db_for_write(self.model)]
        params = [field.get_db_prep_save(value, connection) for field, value in zip(self.fields, values, strict=True)]
        if self.update:
            params.append(self.model._meta.pk.get_db_prep_save(pk, connection))
        with connection.cursor() as cursor:
            cursor.execute(self._statement(connection), params)
            return cursor.rowcount
