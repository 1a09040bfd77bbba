using FeedHub.Core.Dedup;

namespace FeedHub.Tests.Dedup;

public sealed class ItemIdentityTests
{
    [Fact]
    public void Uses_guid_then_link_then_title_and_content()
    {
        IReadOnlyList<string> keys = ItemIdentity.KeysFor(
        [
            new IdentitySource("urn:1", "https://example.com/1", "Satu", "<p>a</p>"),
            new IdentitySource(null, "https://example.com/2", "Dua", "<p>b</p>"),
            new IdentitySource(null, null, "Tiga", "<p>c</p>"),
        ]);

        Assert.Equal(ItemIdentity.FromGuid("urn:1"), keys[0]);
        Assert.Equal(ItemIdentity.FromLink("https://example.com/2"), keys[1]);
        Assert.Equal(ItemIdentity.FromTitleAndContent("Tiga", "<p>c</p>"), keys[2]);
        Assert.StartsWith("g:", keys[0], StringComparison.Ordinal);
        Assert.StartsWith("l:", keys[1], StringComparison.Ordinal);
        Assert.StartsWith("t:", keys[2], StringComparison.Ordinal);
    }

    [Fact]
    public void A_guid_shared_by_every_item_falls_back_to_links_and_is_stable()
    {
        List<IdentitySource> items =
        [
            new("https://example.com/", "https://example.com/a", "A", null),
            new("https://example.com/", "https://example.com/b", "B", null),
            new("https://example.com/", null, "C", "isi"),
            new("unique", "https://example.com/d", "D", null),
        ];

        IReadOnlyList<string> first = ItemIdentity.KeysFor(items);
        IReadOnlyList<string> second = ItemIdentity.KeysFor(items.ToList());

        Assert.Equal(first, second);
        Assert.Equal(4, first.Distinct().Count());
        Assert.Equal(ItemIdentity.FromLink("https://example.com/a"), first[0]);
        Assert.Equal(ItemIdentity.FromTitleAndContent("C", "isi"), first[2]);
        Assert.Equal(ItemIdentity.FromGuid("unique"), first[3]);
    }

    [Fact]
    public void A_link_shared_by_items_without_usable_guids_falls_back_to_title_and_content()
    {
        IReadOnlyList<string> keys = ItemIdentity.KeysFor(
        [
            new IdentitySource(null, "https://example.com/", "A", "x"),
            new IdentitySource(null, "https://example.com/", "B", "y"),
        ]);

        Assert.Equal(ItemIdentity.FromTitleAndContent("A", "x"), keys[0]);
        Assert.Equal(ItemIdentity.FromTitleAndContent("B", "y"), keys[1]);
    }

    [Fact]
    public void True_duplicates_still_collide_so_the_caller_can_keep_the_first()
    {
        IReadOnlyList<string> keys = ItemIdentity.KeysFor(
        [
            new IdentitySource("same", "https://example.com/", "A", "x"),
            new IdentitySource("same", "https://example.com/", "A", "x"),
        ]);

        Assert.Equal(keys[0], keys[1]);
    }

    [Fact]
    public void Keys_are_fixed_values_independent_of_the_process()
    {
        // Pinned: a changed algorithm would re-key every stored item and duplicate them all.
        Assert.Equal("g:" + Sha256Hex("\0\0\0\0\u0006urn:42")[..32], ItemIdentity.FromGuid("urn:42"));
    }

    [Fact]
    public void Title_and_content_are_kept_apart()
    {
        Assert.NotEqual(ItemIdentity.FromTitleAndContent("ab", "c"), ItemIdentity.FromTitleAndContent("a", "bc"));
    }

    private static string Sha256Hex(string latin1)
    {
        byte[] bytes = System.Text.Encoding.Latin1.GetBytes(latin1);
        return Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes));
    }
}
