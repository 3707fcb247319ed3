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


def test_names_go_as_made_up_words_and_come_back_even_marked_or_capitalised():
    protected, kept = protect("Mail info@example.org, #ESF, *often*.")
    assert protected == "Mail zqkeptaz, zqkeptbz, <kb-kept-2>often<kb-kept-3>."
    answer = "**Zqkeptaz mail, **ZQKEPTBZ, <kb-kept-2>a menudo<kb-kept-3>."
    assert restore(answer, kept) == "info@example.org mail, #ESF, *a menudo*."


def test_the_sources_look_alikes_of_placeholders_come_back_as_they_were():
    source = "<kb-kept-0>#tag zqkeptaz</kb-kept-0>"
    protected, kept = protect(source)
    assert kept == ["<kb-kept-0>", "#tag", "zqkeptaz"]
    assert restore(protected, kept) == source
