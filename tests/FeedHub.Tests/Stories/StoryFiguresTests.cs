using System.Globalization;
using FeedHub.Core.Stories;

namespace FeedHub.Tests.Stories;

/// <summary>The figures a text states (amounts, counts, dates) decide between releases of one
/// template; the year alone does not, as every release of the year has it.</summary>
public sealed class StoryFiguresTests
{
    [Theory]
    [InlineData("bantuan tunai 20jt per desa", "20jt")]
    [InlineData("beras 19kg untuk setiap keluarga", "19kg")]
    [InlineData("diskon 20rb di pasar murah", "20rb")]
    [InlineData("arsip sejak 1899", "1899")]
    [InlineData("rencana hingga 2101", "2101")]
    [InlineData("kode 0001", "0001")]
    public void A_figure_that_is_not_four_digits_of_a_year_is_kept(string text, string figure) =>
        Assert.Contains(figure, StoryFeatures.From(text).Figures);

    [Theory]
    [InlineData("1900")]
    [InlineData("2024")]
    [InlineData("2100")]
    public void Four_digits_from_1900_to_2100_are_a_year_and_no_figure(string year) =>
        Assert.Empty(StoryFeatures.From($"anggaran tahun {year} disahkan").Figures);

    [Theory]
    [InlineData("id-ID")]
    [InlineData("en-US")]
    [InlineData("th-TH")]
    [InlineData("")]
    public void The_figures_do_not_depend_on_the_culture(string culture)
    {
        CultureInfo before = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = new CultureInfo(culture);
            Assert.Equal(
                ["12", "19kg", "20jt", "20rb"],
                StoryFeatures.From("pada 2025 dibagikan 20jt dan 20rb serta 19kg beras di 12 desa").Figures.Order(StringComparer.Ordinal));
        }
        finally
        {
            CultureInfo.CurrentCulture = before;
        }
    }
}
