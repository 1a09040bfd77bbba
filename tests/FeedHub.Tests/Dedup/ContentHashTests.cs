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

    [Theory]
    [InlineData("Judul", "<p>isi</p>")]
    [InlineData("", "")]
    [InlineData("Kata \uD83D\uDE00 dan \uD800 surrogate", "caf\u00E9")]
    [InlineData("Panjang", null)]
    public void Stays_what_stored_hashes_were_made_with(string title, string? content)
    {
        // Stored hashes decide what a re-poll calls a revision: the value must not move when the
        // hashing is made cheaper. Long fields go past any stack buffer.
        content ??= string.Concat(Enumerable.Repeat("isi berita \u00E9 ", 400));
        string expected = Reference(title, "https://example.com/1", null, content, "Humas", ["a", "b"], []);

        Assert.Equal(expected, ContentHash.Compute(title, "https://example.com/1", null, content, "Humas", ["a", "b"], []));
    }

    [Fact]
    public void A_hash_left_unfinished_does_not_leak_into_the_next_one()
    {
        // Each thread reuses its SHA-256 context: a hash abandoned half-way (a list that throws
        // while it is read) must not hand its partial state to the next hash on the thread.
        static IEnumerable<string> Throwing()
        {
            yield return "a";
            throw new InvalidOperationException("list read failed");
        }

        Assert.Throws<InvalidOperationException>(() => ContentHash.Compute("Judul", null, null, "isi", null, Throwing(), []));
        string expected = Reference("Judul", "https://example.com/1", null, "isi", "Humas", ["a", "b"], []);

        Assert.Equal(expected, ContentHash.Compute("Judul", "https://example.com/1", null, "isi", "Humas", ["a", "b"], []));
        Assert.Equal(expected, ContentHash.Compute("Judul", "https://example.com/1", null, "isi", "Humas", ["a", "b"], []));
    }

    [Fact]
    public void Threads_hashing_at_once_each_get_the_reference_value()
    {
        string[] titles = [.. Enumerable.Range(0, 2_000).Select(i => $"Judul {i}")];
        string[] hashes = new string[titles.Length];

        Parallel.For(0, titles.Length, i => hashes[i] = ContentHash.Compute(titles[i], null, "ringkas", "<p>isi</p>", null, ["x"], []));

        for (int i = 0; i < titles.Length; i++)
        {
            Assert.Equal(Reference(titles[i], null, "ringkas", "<p>isi</p>", null, ["x"], []), hashes[i]);
        }
    }

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

    /// <summary>The hash as first defined: SHA-256 over 0x00, big-endian UTF-8 length and bytes per
    /// field (0xFF for null), list counts as decimal strings, first 32 hex characters.</summary>
    private static string Reference(string title, string? link, string? summary, string? content, string? author, string[] categories, string[] enclosures)
    {
        using var sha = System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.SHA256);
        void Add(string? field)
        {
            if (field is null)
            {
                sha.AppendData([0xFF]);
                return;
            }

            byte[] bytes = System.Text.Encoding.UTF8.GetBytes(field);
            byte[] length = new byte[5];
            System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(length.AsSpan(1), bytes.Length);
            sha.AppendData(length);
            sha.AppendData(bytes);
        }

        foreach (string? field in new[] { title, link, summary, content, author })
        {
            Add(field);
        }

        foreach (string[] list in new[] { categories, enclosures })
        {
            Add(list.Length.ToString(System.Globalization.CultureInfo.InvariantCulture));
            foreach (string value in list)
            {
                Add(value);
            }
        }

        return Convert.ToHexStringLower(sha.GetHashAndReset())[..32];
    }
}
