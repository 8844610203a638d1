"""Report ingestion: turn work bulletins, news articles and OCR'd newspaper pages about
the East–West talent exchange into reviewable facts (see docs/ingest.md).

Plain Python; nothing here imports Django or downloads anything at run time.
"""

from xiezuo.ingest.dedup import DuplicateIndex, Signature, find_duplicates
from xiezuo.ingest.facts import DocumentFacts
from xiezuo.ingest.pipeline import extract_document, extract_normalised, extract_paths, extract_text
from xiezuo.ingest.read import IngestReadError, read_bytes, read_path

__all__ = [
    "DocumentFacts",
    "DuplicateIndex",
    "IngestReadError",
    "Signature",
    "extract_document",
    "extract_normalised",
    "extract_paths",
    "extract_text",
    "find_duplicates",
    "read_bytes",
    "read_path",
]
