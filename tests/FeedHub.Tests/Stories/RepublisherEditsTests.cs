using FeedHub.Core.Stories;

namespace FeedHub.Tests.Stories;

public sealed class RepublisherEditsTests
{
    [Theory]
    [InlineData("[Rilis] Gubernur Resmikan Jembatan", "Gubernur Resmikan Jembatan")]
    [InlineData("KALSEL: Gubernur Resmikan Jembatan", "Gubernur Resmikan Jembatan")]
    [InlineData("(Diperbarui) Gubernur Resmikan Jembatan", "Gubernur Resmikan Jembatan")]
    [InlineData("[Rilis] KALSEL: Gubernur Resmikan Jembatan | Portal Banua", "Gubernur Resmikan Jembatan")]
    [InlineData("Gubernur Resmikan Jembatan", "Gubernur Resmikan Jembatan")]
    public void Title_prefixes_are_removed(string title, string expected)
    {
        Assert.Equal(expected, RepublisherEdits.CleanTitle(title));
    }

    [Fact]
    public void Credit_lines_datelines_and_read_also_links_are_removed_and_credits_kept()
    {
        (List<string> paragraphs, List<string> credits) = RepublisherEdits.CleanBody(
        [
            "KALSEL, Portal – Gubernur meresmikan jembatan di Kabupaten Banjar.",
            "Baca juga: Harga Karet Naik di Pasar Martapura",
            "Jembatan itu dibangun dengan anggaran Rp12,5 miliar (sumber: Diskominfo Kalsel).",
            "Foto: Humas Pemprov Kalsel",
            "(Sumber : MC Kalsel)",
        ]);

        Assert.Equal(["Gubernur meresmikan jembatan di Kabupaten Banjar.", "Jembatan itu dibangun dengan anggaran Rp12,5 miliar ."], paragraphs);
        Assert.Equal(["Diskominfo Kalsel", "MC Kalsel"], credits);
    }

    [Theory]
    [InlineData("BANJARMASIN, Portal – Gubernur meresmikan jembatan.")]
    [InlineData("Banjarmasin (ANTARA) - Gubernur meresmikan jembatan.")]
    [InlineData("BANJARMASIN, (MC Kalsel) – Gubernur meresmikan jembatan.")]
    [InlineData("Martapura, 7/5 (Portal) — Gubernur meresmikan jembatan.")]
    public void Datelines_are_removed(string lead)
    {
        (List<string> paragraphs, _) = RepublisherEdits.CleanBody([lead]);
        Assert.Equal("Gubernur meresmikan jembatan.", Assert.Single(paragraphs));
    }

    [Fact]
    public void A_closing_signature_names_the_desk()
    {
        (List<string> paragraphs, List<string> credits) = RepublisherEdits.CleanBody(["Warga menyambut gembira.", "MC Kalsel/ARH"]);
        Assert.Equal(["Warga menyambut gembira."], paragraphs);
        Assert.Equal(["MC Kalsel"], credits);
    }

    [Fact]
    public void Matching_words_fold_case_diacritics_and_figures()
    {
        Assert.Equal(["kafe", "rp", "1500000", "di", "banjarbaru"], MatchingText.Words("Kafé <Rp1.500.000> di BANJARBARU!"));
        Assert.Equal(MatchingText.Words("Rp 12,5 miliar"), MatchingText.Words("Rp12,5 Miliar"));
        Assert.Equal("mckalsel", MatchingText.Compact(" MC  Kalsel "));
    }
}
