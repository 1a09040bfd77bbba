using FeedHub.Ingestion.Parsing;

namespace FeedHub.Tests.Parsing;

public sealed class AuthorTextTests
{
    [Theory]
    [InlineData("humas@kalselprov.go.id (Humas Kalsel)", "Humas Kalsel")]
    [InlineData("mailto:humas@kalselprov.go.id (Humas Kalsel)", "Humas Kalsel")]
    [InlineData("Humas Kalsel (humas@kalselprov.go.id)", "Humas Kalsel")]
    [InlineData("Humas Kalsel <humas@kalselprov.go.id>", "Humas Kalsel")]
    [InlineData("Humas Kalsel <mailto:humas@kalselprov.go.id>", "Humas Kalsel")]
    [InlineData("  humas@kalselprov.go.id (Humas Kalsel)  ", "Humas Kalsel")]
    [InlineData("humas@kalselprov.go.id", "humas@kalselprov.go.id")]
    [InlineData("Redaksi (MC Kalsel)", "Redaksi (MC Kalsel)")]
    [InlineData("Redaksi <b>", "Redaksi <b>")]
    [InlineData("  Redaksi  ", "Redaksi")]
    [InlineData("humas@kalselprov.go.id (Humas) Kalsel", "humas@kalselprov.go.id (Humas) Kalsel")]
    [InlineData("a@b (  )", "a@b (  )")]
    [InlineData("   ", null)]
    [InlineData(null, null)]
    public void Keeps_the_name_and_drops_an_address_beside_it(string? author, string? expected) =>
        Assert.Equal(expected, AuthorText.Name(author));
}
