"""Apertium's marks, taken out of its translations without losing the source's own text.

Apertium writes what it could not do into the text: `*word` a word it does not know,
`@word` a word its bilingual dictionary lacks, `#word` a form it could not generate.
A mark is glued to the front of what it marks, a word or a sign ("2021#-2027"), and
each pair of a chain adds its own ("**serale"). APY's `markUnknown=no` removes one `*`
only, and everywhere, attributes included, so the translator asks for the marks and
`restore` removes every run of `*`, `#` and `@` followed by anything but a space or a tag.

The source has such runs of its own, which `protect` hides from Apertium and `restore`
puts back once the marks are gone:
- hashtags, @mentions, e-mail addresses, URLs and "C#" (which Apertium would also mark
  inside, split or reorder: "info@*example.org", "usons# C") become a made-up word, which
  Apertium copies as an unknown word where a name would stand, and come back as written;
- any other run glued to a word ("*emphasis*") becomes a placeholder tag, which Apertium
  copies as it copies every tag, while the word is translated.
Only text between tags is changed: tags and their attributes are never touched.
"""

import re

TAG = re.compile(r"(<[^>]*>)")
# A whole run (possessive: "**" before a space is no mark, not "*" before "*"), and not
# after "&": the "#" of an entity such as "&#35;" is no mark.
MARK_RUN = r"(?<!&)[*#@]++(?=[^\s<])"
MARKS = re.compile(MARK_RUN)
# Neither holds a space nor a full stop: APY cuts a long request at one of them. The word
# spells its number in the letters a–j, since Apertium might split a word at a digit.
WORDS = re.compile(r"zqkept([a-j]+)z", re.IGNORECASE)
DIGITS_AS_LETTERS = str.maketrans("0123456789", "abcdefghij")
LETTERS_AS_DIGITS = str.maketrans("abcdefghij", "0123456789")
PLACEHOLDER_TAG = "<kb-kept-{}>"
PLACEHOLDER_TAGS = re.compile(r"<kb-kept-(\d+)>")
AS_WRITTEN = re.compile(
    r"(?P<name>"
    r"(?:https?://|www\.)[^\s<>\"]*[^\s<>\".,;:!?)\]']"  # a URL, without a closing sign
    r"|[\w.+-]+@[\w-]+(?:\.[\w-]+)+"  # an e-mail address
    r"|(?<![\w&])[#@]\w+"  # a hashtag, a mention
    r"|\w+#+"  # C#, F#
    rf"|{WORDS.pattern}"  # the source's own look-alike of a placeholder word
    rf")|(?P<marks>{MARK_RUN})",
    re.IGNORECASE,
)


def protect(document):
    """The HTML document with placeholders for the text Apertium must not see, and that text.

    A tag that looks like a placeholder is kept too, so that `restore` gives it back as it was.
    """
    kept = []

    def keep(match):
        kept.append(match.group())
        number = len(kept) - 1
        if match.lastgroup == "name":
            return f"zqkept{str(number).translate(DIGITS_AS_LETTERS)}z"
        return PLACEHOLDER_TAG.format(number)

    parts = TAG.split(document)
    for index, part in enumerate(parts):
        pattern = PLACEHOLDER_TAGS if index % 2 else AS_WRITTEN
        parts[index] = pattern.sub(keep, part)
    return "".join(parts), kept


def restore(translated, kept):
    """The translation without Apertium's marks, with the text `protect` kept put back."""
    parts = TAG.split(translated)
    for index in range(0, len(parts), 2):
        parts[index] = MARKS.sub("", parts[index])
        parts[index] = WORDS.sub(
            lambda match: kept[int(match.group(1).lower().translate(LETTERS_AS_DIGITS))],
            parts[index],
        )
    return PLACEHOLDER_TAGS.sub(lambda match: kept[int(match.group(1))], "".join(parts))
