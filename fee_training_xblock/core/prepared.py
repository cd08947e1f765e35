"""A model query compiled to SQL once per database and then run with fresh values: for the hottest read.

A learner's view asks the ledger one question per render. Django compiles a queryset
to SQL on every evaluation, which cost as much as the rest of the view; this keeps
the compiled SQL, the result converters and the column positions, and only swaps the
values in. It returns model instances converted exactly as the ORM would (aware
datetimes, JSON), so callers cannot tell the difference.
"""
from django.db import connections, router

_SENTINEL = "\x00prepared-{}\x00"


class PreparedQuery:
    """`build(*placeholders)` -> a queryset of `model`; `first(*values)` runs its SQL with `values` in their places.

    `first` returns a model instance; `rows` returns every row as a tuple of the
    columns of a `values_list` queryset. The placeholders must reach the SQL as plain
    parameters (e.g. `field=placeholder`).
    """

    def __init__(self, model, build, arity):
        self.model, self.build, self.arity = model, build, arity
        self._compiled = {}

    def _compile(self, alias, one):
        """(compiler, sql, params, value positions, converters, model field names and positions, annotations)."""
        sentinels = [_SENTINEL.format(index) for index in range(self.arity)]
        queryset = self.build(*sentinels)
        queryset = queryset[:1] if one else queryset
        compiler = queryset.query.get_compiler(alias)
        sql, params = compiler.as_sql()
        positions = [list(params).index(sentinel) for sentinel in sentinels]
        converters = compiler.get_converters([expression for expression, _sql, _alias in compiler.select])
        if compiler.klass_info is None:  # a values_list query: tuples, no instances
            return compiler, sql, list(params), positions, converters, None, None, None
        field_positions = compiler.klass_info["select_fields"]
        names = [compiler.select[index][0].target.attname for index in field_positions]
        return compiler, sql, list(params), positions, converters, names, field_positions, dict(
            compiler.annotation_col_map)

    def _run(self, one, values):
        """(compiled parts, converted rows) of the query run with `values`."""
        alias = router.db_for_read(self.model)
        if (alias, one) not in self._compiled:
            self._compiled[alias, one] = self._compile(alias, one)
        compiled = self._compiled[alias, one]
        compiler, sql, params, positions, converters = compiled[:5]
        params = list(params)
        for position, value in zip(positions, values, strict=True):
            params[position] = value
        with connections[alias].cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        if converters:
            rows = [tuple(row) for row in compiler.apply_converters(rows, converters)]
        return alias, compiled, rows

    def rows(self, *values):
        """Every row of a values_list query, as tuples."""
        return [tuple(row) for row in self._run(False, values)[2]]

    def first(self, *values):
        """The first row as a model instance (with its annotations as attributes), or None."""
        alias, compiled, rows = self._run(True, values)
        if not rows:
            return None
        row, (names, field_positions, annotations) = rows[0], compiled[5:]
        instance = self.model.from_db(alias, names, [row[index] for index in field_positions])
        for name, index in annotations.items():
            setattr(instance, name, row[index])
        return instance
