"""Chinese text helpers that know no app: segmenting, shingles, similarity.

``Segmenter`` wraps rjieba (jieba-rs, MIT) with a user dictionary passed in
by the caller (the city's place and unit names come from the registry apps,
which core does not import: suggestions builds that list, see
``renda/suggestions/text_routing.py``). ``tokens`` keeps the words that say
something about a matter: words of two characters or more, Latin words and
numbers, stop words (关于, 建议, 加强...) taken out. The similarity helpers
work on sets of tokens or character bigrams, so the same code serves the
routing index and the duplicate hints of suggestions and receptions.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

# Words of almost every item: they say nothing about the matter.
_STOP_TEXT = """
    关于 建议 意见 进一步 加强 加快 推进 推动 提升 提高 完善 解决 问题 工作 我市 我区 我县
    有关 相关 尽快 进行 希望 要求 反映 目前 现在 存在 情况 方面 通过 以及 并且 但是 因为 所以
    如果 一些 这个 那个 这些 那些 我们 他们 群众 居民 市民 代表 政府 部门 单位 有效 切实 不断
    积极 认真 及时 严重 较大 很多 非常 比较 没有 不能 需要 应该 可以 能够 已经 还是 或者 而且
    由于 对于 为了 其中 一个 一直 经常 造成 导致 影响 给予 予以 实施 开展 落实 加大 力度 措施
"""
STOP_WORDS = frozenset(_STOP_TEXT.split())
_KEEP = re.compile(r"^(?:[\u4e00-\u9fff]{2,}|[A-Za-z][A-Za-z0-9]+|\d{2,})$")
_RUN = re.compile(r"[\u4e00-\u9fff]+|[A-Za-z0-9]+")
# A user word's frequency: high enough to keep the name whole, low enough not
# to split the words around it ("老旧小区").
USER_WORD_FREQ = 2000


class Segmenter:
    """rjieba with a user dictionary of extra words (place and unit names)."""

    def __init__(self, extra_words: Iterable[str] = ()) -> None:
        import rjieba

        self._jieba = rjieba.Jieba()
        self.extra_words = frozenset(w for w in extra_words if w and len(w) >= 2)
        for word in sorted(self.extra_words):
            self._jieba.add_word(word, USER_WORD_FREQ, "nz")

    def cut(self, text: str) -> list[str]:
        """Return the words of ``text`` as rjieba cuts them (no HMM)."""
        return self._jieba.cut(text or "", False)

    def tokens(self, text: str) -> list[str]:
        """Return the meaningful words of ``text``, in order, repeats kept."""
        return [
            word
            for word in self.cut(text)
            if word not in STOP_WORDS
            and (_KEEP.match(word) or word in self.extra_words)
        ]


def char_bigrams(text: str) -> frozenset[str]:
    """Return the character bigrams of ``text``'s Chinese and Latin runs."""
    grams: set[str] = set()
    for run in _RUN.findall(text or ""):
        grams.update(run[i : i + 2] for i in range(len(run) - 1))
    return frozenset(grams)


def shingles(tokens: list[str], n: int = 2) -> frozenset[str]:
    """Return the words and the ``n``-word shingles of a token list."""
    out = set(tokens)
    for i in range(len(tokens) - n + 1):
        out.add(" ".join(tokens[i : i + n]))
    return frozenset(out)


def jaccard(a: frozenset[str] | set[str], b: frozenset[str] | set[str]) -> float:
    """Return |a ∩ b| / |a ∪ b| (0 for two empty sets)."""
    if not a or not b:
        return 0.0
    shared = len(a & b)
    return shared / (len(a) + len(b) - shared)


def overlap(a: frozenset[str] | set[str], b: frozenset[str] | set[str]) -> float:
    """Return |a ∩ b| / min(|a|, |b|): a short reworded text inside a long one."""
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))


def text_similarity(
    a_tokens: list[str], a_text: str, b_tokens: list[str], b_text: str
) -> float:
    """Return the similarity of two texts: word Jaccard and bigram Jaccard, averaged.

    Words catch a reworded sentence with the same nouns; character bigrams
    catch a word cut differently ("加装电梯" / "装电梯").
    """
    return (
        jaccard(frozenset(a_tokens), frozenset(b_tokens))
        + jaccard(char_bigrams(a_text), char_bigrams(b_text))
    ) / 2
