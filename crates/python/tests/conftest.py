"""Fixtures: dispatches written for these tests (never text from ../shared)."""

import pytest

# Non-ASCII before the facts (an em dash, curly quotes, accented names), so that byte
# and character offsets differ and a test that confuses them fails.
DISPATCHES = [
    "BERLIN, May 4. /TASS/. German Chancellor Olaf Scholz called on Moscow to withdraw "
    "its troops, the government\u2019s spokesman said on Wednesday \u2014 a demand Russia "
    "rejected.",
    "ANKARA, June 9. /TASS/. Turkish President Recep Tayyip Erdogan will visit Tehran "
    "next week, his office said.",
    "Hungary\u2019s Prime Minister Viktor Orb\u00e1n criticised the European Commission on "
    "Monday, saying its plan \u201cwould hurt Hungarian families\u201d.",
    "KYIV, March 3. /TASS/. Caf\u00e9 owners in Z\u00fcrich said on Tuesday that Foreign "
    "Minister Sergey Lavrov met his Turkish counterpart Mevlut Cavusoglu in Ankara. "
    "\"We will continue talks,\" Lavrov told reporters.",
]


@pytest.fixture(scope="session")
def dispatches():
    return list(DISPATCHES)


@pytest.fixture(scope="session")
def many_texts():
    """Distinct short dispatches, enough for several batches."""
    places = ["Geneva", "Vienna", "Oslo", "Cairo", "Lima", "Hanoi", "Dakar", "Quito"]
    return [
        f"{place.upper()}, April {day}. /TASS/. Foreign Minister Sergey Lavrov met his "
        f"Egyptian counterpart in {place} on April {day}, the ministry said."
        for day, place in enumerate(places * 2, start=1)
    ]
