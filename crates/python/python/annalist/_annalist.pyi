"""Type stubs of the native module (crates/python/src/lib.rs)."""

import datetime
from typing import Any, Iterable, Iterator, Mapping

SCHEMA_VERSION: str
__version__: str

Document = dict[str, Any]
Item = str | Mapping[str, Any]

def analyze(
    text: str,
    date: str | datetime.date | None = None,
    id: str | None = None,
    url: str | None = None,
    title: str | None = None,
    source: str | None = None,
) -> Document: ...

class AnalyzeMany(Iterator[Document]):
    def __iter__(self) -> AnalyzeMany: ...
    def __next__(self) -> Document: ...

def analyze_many(
    items: Iterable[Item],
    threads: int | None = None,
    batch: int | None = None,
    date: str | datetime.date | None = None,
) -> AnalyzeMany: ...

Record = str | bytes | Mapping[str, Any]

def export_rows(
    records: Iterable[Record],
    threads: int | None = None,
    batch: int | None = None,
    date: str | datetime.date | None = None,
    source_field: str | None = None,
    skip_errors: bool = False,
    as_json: bool = False,
) -> AnalyzeMany: ...

def load() -> None: ...
