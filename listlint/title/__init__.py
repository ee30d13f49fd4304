"""Title anatomy and the lexicons behind it (issue #4: structure, length, category)."""

from listlint.title.anatomy import (
    BrandMention,
    CoreTerm,
    TitleAnatomy,
    TitleToken,
    analyze_title,
    category_verdict,
    title_units,
)
from listlint.title.lexicon import jieba_words, lexicon

__all__ = [
    "BrandMention",
    "CoreTerm",
    "TitleAnatomy",
    "TitleToken",
    "analyze_title",
    "category_verdict",
    "jieba_words",
    "lexicon",
    "title_units",
]
