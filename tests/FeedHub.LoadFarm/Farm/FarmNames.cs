using System.Text;

namespace FeedHub.LoadFarm.Farm;

/// <summary>Names of people and places made from Indonesian-sounding syllables: tens of thousands
/// of each, so the officials, villages and districts of a release are its own as in real news,
/// instead of a dozen names shared by every item.</summary>
internal static class FarmNames
{
    private static readonly string[] Onsets = ["Ba", "Bu", "Da", "Di", "Ha", "Hen", "Ja", "Ju", "Ka", "Ku", "La", "Lu", "Ma", "Mu", "Na", "Nur", "Ra", "Ri", "Sa", "Si", "Su", "Ta", "Ti", "Wa", "Wi", "Ya", "Yu", "Fa", "Fi", "Ga", "In", "Ar", "As", "Ab", "Ru", "Sya", "Zu", "Pa", "Se", "Ro"];
    private static readonly string[] Middles = ["di", "ma", "ra", "sa", "ti", "na", "ha", "li", "mi", "ri", "ya", "wan", "ju", "ka", "la", "ba", "hi", "fi", "ni", "su"];
    private static readonly string[] Codas = ["di", "man", "ni", "ti", "to", "yah", "ri", "wan", "na", "sih", "dra", "jar", "mad", "san", "kur", "lis", "nah", "din", "yati", "ansyah", "udin", "ono", "ah", "rul", "fan", "sa", "ri", "ini", "ati", "ul"];
    private static readonly string[] Honorifics = ["", "", "", "H. ", "Hj. ", "Dr. ", "Ir. ", "Drs. "];
    private static readonly string[] Degrees = ["", "", "", "", ", S.Sos", ", M.Si", ", S.T", ", M.M", ", S.Pd", ", S.E", ", M.Kes", ", S.H"];
    private static readonly string[] PlacePrefixes = ["Sungai", "Teluk", "Tanjung", "Batu", "Karang", "Muara", "Lok", "Tanah", "Padang", "Bukit", "Air", "Rantau", "Kuala", "Pulau", "Tambak", "Simpang", "Pematang", "Danau", "Gunung", "Kampung", "", "", "", ""];
    private static readonly string[] PlaceSuffixes = ["", "", "", "", "", " Hulu", " Hilir", " Baru", " Lama", " Utara", " Selatan", " Tengah", " Jaya", " Indah", " Raya", " Makmur"];

    public static string Word(Random random)
    {
        var word = new StringBuilder(random.Pick(Onsets));
        if (random.Next(3) == 0)
        {
            word.Append(random.Pick(Middles));
        }

        word.Append(random.Pick(Codas));
        return word.ToString();
    }

    /// <summary>A full name, sometimes with a title and a degree, as releases write officials.</summary>
    public static string Person(Random random) => $"{random.Pick(Honorifics)}{Word(random)} {Word(random)}{random.Pick(Degrees)}";

    /// <summary>How the rest of a text refers to the same person: the last word of the name.</summary>
    public static string Short(string person) => person.Split(',')[0].Split(' ')[^1];

    public static string Place(Random random)
    {
        string prefix = random.Pick(PlacePrefixes);
        return $"{(prefix.Length == 0 ? string.Empty : prefix + " ")}{Word(random)}{random.Pick(PlaceSuffixes)}";
    }
}
