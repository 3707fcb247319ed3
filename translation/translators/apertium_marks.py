"""Apertium's marks, taken out of its translations without losing the source's own text.

Apertium writes what it could not do into the text: `*word` a word it does not know,
`@word` a word its bilingual dictionary lacks, `#word` a form it could not generate.
A mark is glued to the front of what it marks, a word or a sign ("2021#-2027"), and
each pair of a chain adds its own ("**serale"). APY's `markUnknown=no` removes one `*`
only, and everywhere, attributes included, so the translator asks for the marks and
`restore` removes every run of `*`, `#` and `@` followed by anything but a space or a tag.

The source has such runs of its own: hashtags, @mentions, e-mail addresses and URLs
(which Apertium would also reorder and mark inside: "info@*example.org"), "C#",
"*emphasis*". Before translation `protect` replaces each of them with a placeholder tag,
which Apertium copies as it copies every tag; `restore` puts them back once the marks are
gone. Hashtags, mentions, addresses, URLs and "C#" come back as written; any other run of
marks glued to a word is kept while the word is translated. Only text between tags is
changed: tags and their attributes are never touched.
"""

import re

TAG = re.compile(r"(<[^>]*>)")
# A whole run (possessive: "**" before a space is no mark, not "*" before "*"), and not
# after "&": the "#" of an entity such as "&#35;" is no mark.
MARK_RUN = r"(?<!&)[*#@]++(?=[^\s<])"
AS_WRITTEN = re.compile(
    r"(?:https?://|www\.)[^\s<>\"]*[^\s<>\".,;:!?)\]']"  # a URL, without a closing sign
    r"|[\w.+-]+@[\w-]+(?:\.[\w-]+)+"  # an e-mail address
    r"|(?<![\w&])[#@]\w+"  # a hashtag, a mention
    r"|\w+#+"  # C#, F#: a rule would move a lone "#" ("usons# C")
    rf"|{MARK_RUN}"
)
MARKS = re.compile(MARK_RUN)
PLACEHOLDER = '<kb-kept n="{}">'
PLACEHOLDERS = re.compile(r'<kb-kept n="(\d+)">')


def protect(document):
    """The HTML document with placeholders for the text Apertium must not see, and that text.

    A tag that looks like a placeholder is kept too, so that `restore` gives it back as it was.
    """
    kept = []

    def keep(match):
        kept.append(match.group())
        return PLACEHOLDER.format(len(kept) - 1)

    parts = TAG.split(document)
    for index, part in enumerate(parts):
        if index % 2:
            parts[index] = PLACEHOLDERS.sub(keep, part)
        else:
            parts[index] = AS_WRITTEN.sub(keep, part)
    return "".join(parts), kept


def restore(translated, kept):
    """The translation without Apertium's marks, with the text `protect` kept put back."""
    parts = TAG.split(translated)
    for index in range(0, len(parts), 2):
        parts[index] = MARKS.sub("", parts[index])
    return PLACEHOLDERS.sub(lambda match: kept[int(match.group(1))], "".join(parts))
