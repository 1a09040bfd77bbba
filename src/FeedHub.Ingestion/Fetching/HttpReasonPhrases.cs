using System.Collections.Frozen;

namespace FeedHub.Ingestion.Fetching;

/// <summary>The standard reason phrases (RFC 9110) of the statuses a feed server answers with.
/// Our own table, not the server's phrase: that one is free text a hostile server controls, and
/// HTTP/2 has none.</summary>
internal static class HttpReasonPhrases
{
    private static readonly FrozenDictionary<int, string> Phrases = new Dictionary<int, string>
    {
        [300] = "Multiple Choices", [301] = "Moved Permanently", [302] = "Found", [303] = "See Other",
        [304] = "Not Modified", [307] = "Temporary Redirect", [308] = "Permanent Redirect",
        [400] = "Bad Request", [401] = "Unauthorized", [402] = "Payment Required", [403] = "Forbidden",
        [404] = "Not Found", [405] = "Method Not Allowed", [406] = "Not Acceptable",
        [407] = "Proxy Authentication Required", [408] = "Request Timeout", [409] = "Conflict",
        [410] = "Gone", [411] = "Length Required", [412] = "Precondition Failed",
        [413] = "Content Too Large", [414] = "URI Too Long", [415] = "Unsupported Media Type",
        [416] = "Range Not Satisfiable", [417] = "Expectation Failed", [418] = "I'm a teapot",
        [421] = "Misdirected Request", [422] = "Unprocessable Content", [425] = "Too Early",
        [426] = "Upgrade Required", [428] = "Precondition Required", [429] = "Too Many Requests",
        [431] = "Request Header Fields Too Large", [451] = "Unavailable For Legal Reasons",
        [500] = "Internal Server Error", [501] = "Not Implemented", [502] = "Bad Gateway",
        [503] = "Service Unavailable", [504] = "Gateway Timeout", [505] = "HTTP Version Not Supported",
        [507] = "Insufficient Storage", [508] = "Loop Detected", [511] = "Network Authentication Required",
    }.ToFrozenDictionary();

    /// <summary>The phrase of <paramref name="status"/>, or an empty string for a status without one.</summary>
    public static string For(int status) => Phrases.GetValueOrDefault(status, "");
}
