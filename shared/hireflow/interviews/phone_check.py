"""The phone check in front of every page a link opens for one person: the interview,
the offer, the new hire's portal.

The person proves the mobile number HR has on file. Every attempt is counted before the
number is judged - for the link (``LinkAttempts``: where its count lives and what locking
it means is the page's own) and for the caller's address over every link in an hour
(``count_source_attempt``) - so racing attempts get no more checks than the limits. A
right number gives both counts back. The attempt that takes a link's last slot locks it
and tells HR, once; after that the right number too gets 423.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Protocol

from hireflow.interviews.model import InterviewRepository
from hireflow.platform.contact import ContactError, normalize_phone
from hireflow.platform.errors import Locked, TooManyRequests, Unauthorized
from hireflow.platform.ids import now
from hireflow.platform.observability import logger

MAX_VERIFY_FAILURES = 5
# One source address's wrong numbers are counted per window, over every link (the limit
# is a setting, 10 by default: enough for a few people behind one network, too few to
# lock out or guess many links).
SOURCE_VERIFY_WINDOW = timedelta(hours=1)


def count_source_attempt(interviews: InterviewRepository, source: str, limit: int) -> datetime:
    """Count a phone check from ``source`` (an address) in this hour's window, for every
    link it tries (interview, offer and new-hire links alike); TooManyRequests past
    ``limit``. Returns the window, to give the attempt back when the number was right."""
    at = now()
    window = SOURCE_VERIFY_WINDOW.total_seconds()
    window_start = datetime.fromtimestamp(at.timestamp() // window * window, UTC)
    if interviews.count_source_attempt(source, window_start, SOURCE_VERIFY_WINDOW, limit) is None:
        logger.warning("too many wrong phone numbers from one source")
        minutes = max(1, round((window_start + SOURCE_VERIFY_WINDOW - at).total_seconds() / 60))
        raise TooManyRequests(
            f"too many wrong phone numbers from your network; try again in {minutes} minutes",
            code="too_many_wrong_phones",
            params={"minutes": minutes},
        )
    return window_start


class LinkAttempts(Protocol):
    """One link's count of phone checks, kept where its page keeps its state."""

    def take(self, limit: int) -> int | None:
        """Count an attempt: the count with it, or None when ``limit`` are counted."""
        ...

    def give_back(self) -> None:
        """The attempt gave the right number: it does not count."""
        ...

    def lock(self) -> None:
        """This attempt took the last slot: lock the link and tell HR (once)."""
        ...


def locked() -> Locked:
    """The refusal of a link that is locked already."""
    return Locked(
        "this link is locked after too many wrong phone numbers; HR has been told",
        code="link_locked",
    )


def check_phone(
    interviews: InterviewRepository,
    source_limit: int,
    link: LinkAttempts,
    *,
    given: str,
    on_file: str,
    source: str,
) -> None:
    """Return when ``given`` is the number on file; raise 401 with the attempts left,
    423 when the link is (now) locked, 429 when the address ``source`` has tried too
    often (``source_limit`` an hour; ``interviews`` keeps that counter)."""
    try:
        phone = normalize_phone(given)
    except ContactError:
        phone = ""
    window_start = count_source_attempt(interviews, source, source_limit)
    counted = link.take(MAX_VERIFY_FAILURES)
    if counted is None:
        interviews.uncount_source_attempt(source, window_start)
        raise locked()
    if phone == on_file:
        link.give_back()
        interviews.uncount_source_attempt(source, window_start)
        return
    logger.info("wrong phone for a link", failures=counted)
    if counted < MAX_VERIFY_FAILURES:
        left = MAX_VERIFY_FAILURES - counted
        raise Unauthorized(
            f"the phone number does not match; {left} attempts left",
            code="wrong_phone",
            params={"left": left},
        )
    link.lock()
    raise Locked(
        "this link is now locked after too many wrong phone numbers; HR has been told",
        code="link_locked",
    )
