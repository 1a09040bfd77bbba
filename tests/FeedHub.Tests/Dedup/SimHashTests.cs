using FeedHub.Core.Dedup;

namespace FeedHub.Tests.Dedup;

public sealed class SimHashTests
{
    private const string Story =
        "Gubernur Kalimantan Selatan meresmikan jembatan baru di Kabupaten Banjar pada Senin pagi. " +
        "Jembatan sepanjang dua ratus meter itu menghubungkan dua kecamatan yang selama ini hanya " +
        "terhubung oleh perahu. Warga menyambut peresmian dengan gembira dan berharap perekonomian " +
        "desa tumbuh lebih cepat setelah akses jalan terbuka sepanjang tahun.";

    [Fact]
    public void Is_stable_across_calls()
    {
        Assert.Equal(SimHash.Compute(Story), SimHash.Compute(new string(Story.AsSpan())));
        Assert.NotEqual(0, SimHash.Compute(Story));
    }

    [Fact]
    public void Ignores_case_and_punctuation()
    {
        Assert.Equal(SimHash.Compute(Story), SimHash.Compute(Story.ToUpperInvariant().Replace(".", " ! ", StringComparison.Ordinal)));
    }

    [Fact]
    public void Near_copies_are_closer_than_different_stories()
    {
        string republished = "Sumber: MC Kalsel. " + Story.Replace("Senin pagi", "Senin", StringComparison.Ordinal);
        const string Other =
            "Dinas Kesehatan Kota Banjarmasin menggelar vaksinasi massal di halaman balai kota. " +
            "Ratusan anak sekolah dasar mengikuti kegiatan yang berlangsung hingga sore hari itu, " +
            "didampingi orang tua dan guru masing-masing dari berbagai sekolah di kota tersebut.";

        int near = SimHash.Distance(SimHash.Compute(Story), SimHash.Compute(republished));
        int far = SimHash.Distance(SimHash.Compute(Story), SimHash.Compute(Other));

        Assert.True(near < far, $"near {near}, far {far}");
        Assert.True(near <= 12, $"near {near}");
        Assert.True(far >= 20, $"far {far}");
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(" ,.;- ")]
    public void Has_no_fingerprint_without_words(string? text)
    {
        Assert.Equal(0, SimHash.Compute(text));
    }

    [Fact]
    public void Short_texts_still_get_a_fingerprint()
    {
        Assert.NotEqual(0, SimHash.Compute("Banjir"));
        Assert.NotEqual(SimHash.Compute("Banjir"), SimHash.Compute("Kebakaran"));
    }
}
