"""factdiff: fact extraction and the fact-level diff of later news articles against a baseline story.

Pure functions over text (no I/O): ``extract_facts`` reads clause-level facts, ``StoryModel`` holds what the
baseline says and labels each fact of a later article new / changed / restated / unrelated,
``DevelopmentIndex`` merges reports of one development across outlets, ``diff_versions`` diffs two versions
of one article.
"""

from .dedup import DevelopmentIndex, development_key
from .extract import extract_facts
from .models import DEVELOPMENT_LABELS, LABELS, Change, Diff, Fact, Label, Quantity
from .revisions import diff_versions
from .story import StoryModel

ENGINE_VERSION = "factdiff-3.7"

__all__ = [
    "DEVELOPMENT_LABELS",
    "ENGINE_VERSION",
    "LABELS",
    "Change",
    "DevelopmentIndex",
    "Diff",
    "Fact",
    "Label",
    "Quantity",
    "StoryModel",
    "development_key",
    "diff_versions",
    "extract_facts",
]
