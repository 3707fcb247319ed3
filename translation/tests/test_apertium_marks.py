"""Taking Apertium's marks out, on answers of the shapes APY gives (test_apertium.py asks APY)."""

from translation.translators.apertium_marks import protect, restore


def test_every_run_of_marks_glued_to_what_follows_goes():
    answer = (
        "School **serale, ecological #cleansing, 2021#-2027, @home *C# and *F# or 10 * 3 @ home."
    )
    assert restore(answer, []) == (
        "School serale, ecological cleansing, 2021-2027, home C# and F# or 10 * 3 @ home."
    )


def test_tags_attributes_and_entities_are_not_marks():
    answer = '<a href="#top" title="*new*">**serale</a> &#35;1 &lt;**b&gt; AT&amp;**T #<b>x</b>'
    assert restore(answer, []) == (
        '<a href="#top" title="*new*">serale</a> &#35;1 &lt;b&gt; AT&amp;T #<b>x</b>'
    )


def test_the_sources_own_marks_are_kept_apart_and_put_back():
    source = (
        "Write to info@example.org, see https://example.org/a?b=1&amp;c=2#d. #ESF @City "
        "uses C#, *often*, 10 * 3."
    )
    protected, kept = protect(source)
    assert kept == [
        "info@example.org",
        "https://example.org/a?b=1&amp;c=2#d",
        "#ESF",
        "@City",
        "C#",
        "*",
        "*",
    ]
    assert "@" not in protected and "#" not in protected and "10 * 3" in protected
    assert restore(protected, kept) == source


def test_a_tag_that_looks_like_a_placeholder_comes_back_as_it_was():
    source = '<kb-kept n="0">#tag</kb-kept>'
    protected, kept = protect(source)
    assert kept == ['<kb-kept n="0">', "#tag"]
    assert restore(protected, kept) == source
