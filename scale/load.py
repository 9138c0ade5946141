"""Logged-in visitors through nginx: reads, writes with an idempotency key, a Celery-backed action, logins.

Each visitor is a thread with a keep-alive connection (:class:`soak.client.Client`)
and its own login.  A request whose answer is lost (a dropped connection, no
answer in time) or is a server error (500, 502, 503, 504) is sent again, up to
:data:`MAX_ATTEMPTS` times with a growing pause, as a careful client does; a
write is sent again with the *same* key, so that the site can tell a repeat from
a new write.  Every key the site acknowledged (a 2xx) goes in the
:class:`Ledger` the checks hold against PostgreSQL afterwards.
"""

from __future__ import annotations

import itertools
import json
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from soak.client import CONNECTION_ERRORS, Answer, Client
from soak.load import Endpoint, Tally
from soak.site import DEMO

RETRY_STATUSES = frozenset({500, 502, 503, 504})
MAX_ATTEMPTS = 6
#: Pause before the 2nd, 3rd, ... attempt: 3.1 s in all, longer than any fault should last.
BACKOFF_S = (0.1, 0.2, 0.4, 0.8, 1.6)
CONCURRENCY = 8
LOGGED_IN = b"logged in as <strong>demo</strong>"
WRITE_PATH = "/blog/api/posts"
#: Titles of the load's writes start with this; the checks count them in PostgreSQL.
TITLE_PREFIX = "scale-"

LOGIN_FORM = Endpoint("login form", "GET", "/blog/auth/login", 200, b"Log In")
LOGIN = Endpoint("login", "POST", "/blog/auth/login", 302)
HOME = Endpoint("Django home", "GET", "/", 200, LOGGED_IN)
WRITE = Endpoint("write", "POST", WRITE_PATH, 201)
RESUBMIT = Endpoint("write again", "POST", WRITE_PATH, 200)
#: One write in this many is submitted twice.
RESUBMIT_EVERY = 5


@dataclass
class Seed:
    """The post every visitor reads and asks the Celery worker to count the words of."""

    id: int
    title: str
    words: int


@dataclass
class Ledger:
    """Writes the site acknowledged (key -> post id), every key a visitor sent, and the
    keys whose acknowledgement was a repeat's (200: an earlier attempt had written it)."""

    acknowledged: dict[str, int] = field(default_factory=dict)
    sent: set[str] = field(default_factory=set)
    repeats: set[str] = field(default_factory=set)
    resubmitted: int = 0  # writes sent again on purpose after their 201
    lock: threading.Lock = field(default_factory=threading.Lock)


@dataclass
class ScaleTally(Tally):
    """:class:`soak.load.Tally` (one entry per request, retries included), plus the
    attempts that failed and were sent again, by what went wrong."""

    failed_attempts: Counter[str] = field(default_factory=Counter)


class LoginLost(Exception):
    """A visitor's login did not go through."""


class Visitor:
    """One logged-in visitor sending requests through nginx, with retries."""

    def __init__(
        self, port: int, name: str, ledger: Ledger, tally: ScaleTally, lock: threading.Lock
    ) -> None:
        self.client = Client(port)
        self.name = name
        self.ledger = ledger
        self.tally = tally
        self.lock = lock  # guards the tally, shared by every visitor of a load
        self.writes = itertools.count()
        self.max_attempts = MAX_ATTEMPTS

    def send(
        self,
        endpoint: Endpoint,
        *,
        path: str | None = None,
        form: dict[str, str] | None = None,
        ok: frozenset[int] = frozenset(),
        check: Callable[[Answer], str | None] | None = None,
    ) -> Answer | None:
        """One request, sent again on a lost answer or a server error; the final answer
        if it was right, else ``None`` (and the failure counted)."""
        allowed = frozenset(ok | {endpoint.status})
        started = time.perf_counter()
        for attempts in range(1, self.max_attempts + 1):
            answer, fault, again = self._attempt(endpoint, path, form, allowed, check)
            if not again or attempts == self.max_attempts:
                break
            with self.lock:
                self.tally.failed_attempts[f"{endpoint.name}: {fault}"] += 1
            time.sleep(BACKOFF_S[attempts - 1])
        latency_ms = (time.perf_counter() - started) * 1000
        with self.lock:
            self.tally.record(endpoint, latency_ms, answer, fault, retried=False)
            self.tally.retries += attempts - 1
        return answer if fault is None else None

    def _attempt(
        self,
        endpoint: Endpoint,
        path: str | None,
        form: dict[str, str] | None,
        allowed: frozenset[int],
        check: Callable[[Answer], str | None] | None,
    ) -> tuple[Answer | None, str | None, bool]:
        """(answer, what is wrong with it, whether to send it again)."""
        try:
            answer = self.client.request(endpoint.method, path or endpoint.path, form)
        except CONNECTION_ERRORS as exc:
            return None, type(exc).__name__, True
        if answer.status in RETRY_STATUSES:
            return answer, f"status {answer.status}", True
        if answer.status not in allowed:
            return answer, f"status {answer.status}, expected {sorted(allowed)}", False
        if endpoint.marker not in answer.body:
            return answer, f"body lacks {endpoint.marker!r}", False
        return answer, check(answer) if check is not None else None, False

    def log_in(self) -> None:
        self.send(LOGIN_FORM)
        if self.send(LOGIN, form=DEMO) is None:
            raise LoginLost(f"{self.name} could not log in.")

    def home(self) -> bool:
        return self.send(HOME) is not None

    def read(self, seed: Seed) -> bool:
        endpoint = Endpoint("read post", "GET", f"/blog/{seed.id}.json", 200, seed.title.encode())
        return self.send(endpoint) is not None

    def write(self) -> str | None:
        """Write a new post with a new key; the key, if the site acknowledged it.

        Every :data:`RESUBMIT_EVERY` th write is submitted again once acknowledged (a
        double click), and must be answered 200 with the same post.
        """
        number = next(self.writes)
        key = f"{self.name}-{number}"
        with self.ledger.lock:
            self.ledger.sent.add(key)
        form = {"idempotency_key": key, "title": f"{TITLE_PREFIX}{key}", "body": "one two three"}
        answer = self.send(WRITE, form=form, ok=frozenset({200}), check=_titled(form["title"]))
        if answer is None:
            return None
        post_id = int(json.loads(answer.body)["id"])
        with self.ledger.lock:
            self.ledger.acknowledged[key] = post_id
            if answer.status == 200:
                self.ledger.repeats.add(key)
        if number % RESUBMIT_EVERY == RESUBMIT_EVERY - 1:
            with self.ledger.lock:
                self.ledger.resubmitted += 1
            self.send(RESUBMIT, form=form, check=_same_post(post_id))
        return key

    def words(self, seed: Seed) -> bool:
        endpoint = Endpoint("celery words", "POST", f"/blog/api/posts/{seed.id}/words", 200)
        return self.send(endpoint, form={}, check=_counted(seed.words)) is not None

    def close(self) -> None:
        self.client.close()


def _titled(title: str) -> Callable[[Answer], str | None]:
    def check(answer: Answer) -> str | None:
        got = json.loads(answer.body).get("title")
        return None if got == title else f"wrote {got!r}, not {title!r}"

    return check


def _same_post(post_id: int) -> Callable[[Answer], str | None]:
    def check(answer: Answer) -> str | None:
        got = json.loads(answer.body).get("id")
        return None if got == post_id else f"answered post {got}, not {post_id}"

    return check


def _counted(words: int) -> Callable[[Answer], str | None]:
    def check(answer: Answer) -> str | None:
        got = json.loads(answer.body).get("words")
        return None if got == words else f"counted {got} words, not {words}"

    return check


#: One visitor's round: by weight, what a session of the site does.
ROUND = ("read", "home", "write", "read", "words", "home", "write", "read", "write", "home")
#: A visitor logs in again every this many rounds (Django's password hashing is slow by design).
LOGIN_EVERY = 10


class Load:
    """Visitors sending rounds of requests through nginx until :meth:`stop`, ``total``
    requests or ``deadline``."""

    def __init__(
        self,
        port: int,
        seed: Seed,
        ledger: Ledger,
        *,
        name: str,
        total: int,
        deadline: float,
        concurrency: int = CONCURRENCY,
    ) -> None:
        self.port, self.seed, self.ledger = port, seed, ledger
        self.name, self.total, self.deadline = name, total, deadline
        self.tally = ScaleTally()
        self._lock = threading.Lock()
        self._stopped = threading.Event()
        self._threads = [
            threading.Thread(target=self._visit, args=(f"{name}{i}",), daemon=True)
            for i in range(concurrency)
        ]
        self._started = 0.0

    def start(self) -> Load:
        self._started = time.monotonic()
        for thread in self._threads:
            thread.start()
        return self

    def requests(self) -> int:
        with self._lock:
            return self.tally.requests

    def failed_attempts(self) -> Counter[str]:
        """The attempts that failed so far (and were sent again), and the requests that failed."""
        with self._lock:
            return self.tally.failed_attempts + Counter(
                {f"FAILED {what}": n for what, n in self.tally.faults.items()}
            )

    def stop(self) -> None:
        self._stopped.set()

    def wait(self) -> ScaleTally:
        """Wait for every visitor to finish (bounded by the deadline and the retries)."""
        for thread in self._threads:
            thread.join(max(0.0, self.deadline - time.monotonic()) + 60)
        self.tally.seconds = time.monotonic() - self._started
        return self.tally

    def _more(self) -> bool:
        return (
            not self._stopped.is_set()
            and self.requests() < self.total
            and time.monotonic() < self.deadline
        )

    def _visit(self, name: str) -> None:
        visitor = Visitor(self.port, name, self.ledger, self.tally, self._lock)
        try:
            visitor.log_in()
            for rounds in itertools.count(1):
                for step in ROUND:
                    if not self._more():
                        return
                    if step == "read":
                        visitor.read(self.seed)
                    elif step == "home":
                        visitor.home()
                    elif step == "write":
                        visitor.write()
                    else:
                        visitor.words(self.seed)
                if rounds % LOGIN_EVERY == 0 and self._more():
                    visitor.log_in()
        except LoginLost:
            with self._lock:
                self.tally.faults[f"{name}: could not log in; the visitor gave up"] += 1
        finally:
            visitor.close()
