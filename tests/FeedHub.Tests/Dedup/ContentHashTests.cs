using FeedHub.Core.Dedup;

namespace FeedHub.Tests.Dedup;

public sealed class ContentHashTests
{
    private static string Hash(
        string title = "Judul",
        string? link = "https://example.com/1",
        string? summary = "ringkas",
        string? content = "<p>isi</p>",
        string? author = "Humas",
        string[]? categories = null,
        string[]? enclosures = null) =>
        ContentHash.Compute(title, link, summary, content, author, categories ?? ["Pemerintahan"], enclosures ?? ["https://example.com/a.mp3"]);

    [Fact]
    public void Is_stable_for_the_same_fields()
    {
        Assert.Equal(Hash(), Hash());
        Assert.Equal(32, Hash().Length);
    }

    [Fact]
    public void Changes_with_every_field_a_reader_sees()
    {
        string baseline = Hash();
        string[] variants =
        [
            Hash(title: "Judul baru"),
            Hash(link: "https://example.com/2"),
            Hash(summary: "lain"),
            Hash(content: "<p>isi diperbarui</p>"),
            Hash(author: "Diskominfo"),
            Hash(categories: ["Kesehatan"]),
            Hash(categories: []),
            Hash(enclosures: ["https://example.com/b.mp3"]),
            Hash(summary: null),
        ];

        Assert.All(variants, variant => Assert.NotEqual(baseline, variant));
        Assert.Equal(variants.Length, variants.Distinct().Count());
    }

    [Fact]
    public void Moving_text_between_fields_changes_it()
    {
        Assert.NotEqual(Hash(summary: "a", content: "b"), Hash(summary: "ab", content: ""));
        Assert.NotEqual(Hash(categories: ["a", "b"]), Hash(categories: ["ab"]));
    }
}
