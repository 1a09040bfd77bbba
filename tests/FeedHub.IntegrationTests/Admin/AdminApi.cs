using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using FeedHub.IntegrationTests.Fixtures;
using FeedHub.Storage;
using FeedHub.Worker.AdminApi.Auth;

namespace FeedHub.IntegrationTests.Admin;

/// <summary>The real host with one admin key configured, and a client that sends it.</summary>
internal sealed class AdminApi : IAsyncDisposable
{
    public const string KeyId = "ops";

    private AdminApi(WorkerHost host, string key)
    {
        Host = host;
        Key = key;
        Client = new HttpClient { BaseAddress = host.BaseUri };
        Client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
    }

    public static JsonSerializerOptions Json { get; } = new(JsonSerializerDefaults.Web);

    public WorkerHost Host { get; }

    public string Key { get; }

    /// <summary>Sends the key on every request.</summary>
    public HttpClient Client { get; }

    public static async Task<AdminApi> StartAsync(IDictionary<string, string>? settings = null, StorageProvider provider = StorageProvider.Sqlite)
    {
        string key = ApiKeyHash.NewKey();
        var all = new Dictionary<string, string>(settings ?? new Dictionary<string, string>())
        {
            [$"FeedHub:Admin:ApiKeys:{KeyId}"] = ApiKeyHash.Hash(key),
        };
        // Tests wait for the worker by asking the API about ten times a second: at the default 60 a
        // minute, a wait past six seconds (a loaded machine) would meet 429s instead of its answer.
        // The limit itself is tested with its own settings (AdminApiLimitsTests).
        all.TryAdd("FeedHub:Admin:RateLimit:PermitLimit", "1000");
        return new AdminApi(await WorkerHost.StartAsync(all, provider: provider), key);
    }

    public async Task<JsonElement> ReadAsync(HttpResponseMessage response)
    {
        string body = await response.Content.ReadAsStringAsync();
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    public Task<HttpResponseMessage> PostJsonAsync(string path, object body) =>
        Client.PostAsJsonAsync(path, body, Json, TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Host.DisposeAsync();
    }
}
