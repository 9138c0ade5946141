"""SQLAlchemy on Django's database connection: one transaction for both ORMs.

A mounted app's SQLAlchemy code can use the very DBAPI connection Django uses
for the current request (thread or task), so a write through SQLAlchemy and one
through the Django ORM are in one transaction: under ``ATOMIC_REQUESTS`` (or any
``transaction.atomic()`` block) both commit or roll back together.

Plain SQLAlchemy::

    from django_bridge.sqla import django_engine
    engine = django_engine()            # DATABASES["default"]
    Session = sessionmaker(engine)

Flask-SQLAlchemy, in the app's config before ``init_app``::

    app.config["SQLALCHEMY_DATABASE_URI"] = django_url()
    app.config["SQLALCHEMY_ENGINE_OPTIONS"] = engine_options()

Inside Django's atomic block, a SQLAlchemy transaction is a savepoint in
Django's transaction, opened before it first writes: its ``commit()`` keeps its
writes in Django's transaction (committed, or rolled back, with the ORM's when
the block ends) and its ``rollback()`` undoes what ran on the connection since
it began (ORM writes made in between included: it is one connection). Outside
one, Django's connection is in autocommit mode, and commit and rollback are the
driver's. Closing a SQLAlchemy connection never closes Django's. Without these
helpers nothing changes: an app's own engine keeps its own connections.
Tested on SQLite and on PostgreSQL (psycopg 3); the URL for psycopg2 and MySQL
follows Django's backend.
"""

from __future__ import annotations

import re
import typing as t

import sqlalchemy
from django.db import DEFAULT_DB_ALIAS, connections
from sqlalchemy.pool import NullPool

if t.TYPE_CHECKING:
    from django.db.backends.base.base import BaseDatabaseWrapper

__all__ = ["DjangoConnection", "django_engine", "django_url", "engine_options"]

_DIALECTS = {"mysql": "mysql+mysqldb"}


class DjangoConnection:
    """Django's DBAPI connection as SQLAlchemy's pool hands it out.

    Everything is the driver's but ``commit``, ``rollback`` and ``close``. Inside
    Django's atomic block, SQLAlchemy's transaction is a savepoint, opened before
    its first write: its commit releases the savepoint (Django's block commits both
    ORMs' writes at its end), its rollback rolls back to it. Outside one, commit
    and rollback are the driver's; closing leaves the connection to Django.
    """

    def __init__(self, wrapper: BaseDatabaseWrapper) -> None:
        wrapper.ensure_connection()
        self._wrapper = wrapper
        self._dbapi = wrapper.connection
        self._savepoint: str | None = None

    def __getattr__(self, name: str) -> t.Any:
        return getattr(self._dbapi, name)

    def cursor(self, *args: t.Any, **kwargs: t.Any) -> _Cursor:
        return _Cursor(self, self._dbapi.cursor(*args, **kwargs))

    def _before_statement(self, statement: object) -> None:
        """Open the savepoint before SQLAlchemy's first write in Django's block: a
        session that only read rolls back nothing (the ORM's writes stay)."""
        if (
            self._savepoint is None
            and self._wrapper.in_atomic_block
            and not _READS.match(str(statement))
        ):
            self._savepoint = self._wrapper.savepoint()

    def commit(self) -> None:
        if not self._wrapper.in_atomic_block:
            self._dbapi.commit()
        elif self._savepoint is not None:
            self._wrapper.savepoint_commit(self._savepoint)
            self._savepoint = None

    def rollback(self) -> None:
        if not self._wrapper.in_atomic_block:
            self._dbapi.rollback()
        elif self._savepoint is not None:
            self._wrapper.savepoint_rollback(self._savepoint)
            self._savepoint = None

    def close(self) -> None:
        """Django's connection stays open: Django closes it (``CONN_MAX_AGE``)."""


_READS = re.compile(r"\s*(SELECT|PRAGMA|SHOW|EXPLAIN)\b", re.IGNORECASE)


class _Cursor:
    """The driver's cursor, telling its connection about each statement first."""

    def __init__(self, connection: DjangoConnection, cursor: t.Any) -> None:
        self._connection = connection
        self._cursor = cursor

    def __getattr__(self, name: str) -> t.Any:
        return getattr(self._cursor, name)

    def __iter__(self) -> t.Iterator[t.Any]:
        return iter(self._cursor)

    def execute(self, statement: t.Any, *args: t.Any, **kwargs: t.Any) -> t.Any:
        self._connection._before_statement(statement)
        return self._cursor.execute(statement, *args, **kwargs)

    def executemany(self, statement: t.Any, *args: t.Any, **kwargs: t.Any) -> t.Any:
        self._connection._before_statement(statement)
        return self._cursor.executemany(statement, *args, **kwargs)


def django_url(alias: str = DEFAULT_DB_ALIAS) -> str:
    """A SQLAlchemy URL naming the dialect of Django's backend for ``alias`` (no credentials:
    the connection is Django's)."""
    wrapper = connections[alias]
    vendor = wrapper.vendor
    if vendor == "postgresql":
        module = t.cast(t.Any, wrapper).Database.__name__.partition(".")[0]
        return f"postgresql+{module}://"
    if vendor == "sqlite":
        # A database name that is absolute and not ":memory:", never opened (the
        # connection is Django's): Flask-SQLAlchemy would otherwise give an
        # in-memory URL one static connection, or a relative one its instance folder.
        return f"sqlite+pysqlite:////django-connection/{alias}"
    try:
        return f"{_DIALECTS[vendor]}://"
    except KeyError:
        raise ValueError(
            f"django_bridge.sqla supports Django's sqlite, postgresql and mysql"
            f" backends, not {vendor!r} (DATABASES[{alias!r}])."
        ) from None


def engine_options(alias: str = DEFAULT_DB_ALIAS) -> dict[str, t.Any]:
    """``create_engine`` options (Flask-SQLAlchemy's ``SQLALCHEMY_ENGINE_OPTIONS``) that
    make every connection the current Django connection of ``alias``."""
    options: dict[str, t.Any] = {
        "creator": lambda: DjangoConnection(connections[alias]),
        # A pool of its own would keep one thread's connection for another.
        "poolclass": NullPool,
    }
    if connections[alias].vendor == "postgresql":
        # psycopg's type lookup wants the driver's own connection class, not this proxy.
        options["use_native_hstore"] = False
    return options


def django_engine(alias: str = DEFAULT_DB_ALIAS, **options: t.Any) -> sqlalchemy.Engine:
    """A SQLAlchemy engine on Django's connection ``alias`` of the current thread or task."""
    return sqlalchemy.create_engine(django_url(alias), **{**engine_options(alias), **options})
