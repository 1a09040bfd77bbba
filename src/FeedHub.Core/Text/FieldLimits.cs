namespace FeedHub.Core.Text;

/// <summary>Upper bounds on stored fields, in UTF-16 characters. They keep one hostile item from
/// costing unbounded storage or sanitizer time, and are far above what real items need.</summary>
public static class FieldLimits
{
    public const int Title = 1_000;
    public const int Author = 200;
    public const int Category = 200;
    public const int Summary = 10_000;
    public const int Content = 500_000;

    /// <summary>guid / atom:id; identity hashes the whole value, the cap only bounds storage.</summary>
    public const int Guid = 2_000;

    /// <summary>Enclosure media type.</summary>
    public const int MediaType = 200;

    /// <summary>Categories kept per item.</summary>
    public const int CategoriesPerItem = 50;

    /// <summary>Enclosures kept per item.</summary>
    public const int EnclosuresPerItem = 20;
}
