using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using FeedHub.IntegrationTests.Fixtures;
using FeedHub.Worker.AdminApi.Auth;
using Microsoft.Extensions.Options;

namespace FeedHub.IntegrationTests.Admin;

/// <summary>The admin API over real HTTP: a key in a header or nothing.</summary>
public sealed class AdminApiAuthenticationTests
{
    [Fact]
    public async Task The_right_key_in_either_header_is_accepted()
    {
        await using AdminApi api = await AdminApi.StartAsync();
        using var http = new HttpClient { BaseAddress = api.Host.BaseUri };
        using var withApiKeyHeader = new HttpRequestMessage(HttpMethod.Get, "api/sources");
        withApiKeyHeader.Headers.Add("X-Api-Key", api.Key);

        using HttpResponseMessage bearer = await api.Client.GetAsync("api/sources", TestContext.Current.CancellationToken);
        using HttpResponseMessage header = await http.SendAsync(withApiKeyHeader, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, bearer.StatusCode);
        Assert.Equal(HttpStatusCode.OK, header.StatusCode);
        Assert.Equal(JsonValueKind.Array, (await api.ReadAsync(bearer)).ValueKind);
    }

    [Fact]
    public async Task A_missing_or_wrong_key_gets_401_with_a_problem_and_a_challenge()
    {
        await using AdminApi api = await AdminApi.StartAsync();
        using var http = new HttpClient { BaseAddress = api.Host.BaseUri };
        using var wrong = new HttpRequestMessage(HttpMethod.Get, "api/sources");
        wrong.Headers.Authorization = new AuthenticationHeaderValue("Bearer", ApiKeyHash.NewKey());
        using var almost = new HttpRequestMessage(HttpMethod.Get, "api/sources");
        almost.Headers.Add("X-Api-Key", api.Key[..^1]);

        using HttpResponseMessage missing = await http.GetAsync("api/sources", TestContext.Current.CancellationToken);
        using HttpResponseMessage wrongKey = await http.SendAsync(wrong, TestContext.Current.CancellationToken);
        using HttpResponseMessage almostKey = await http.SendAsync(almost, TestContext.Current.CancellationToken);
        using HttpResponseMessage post = await http.PostAsync("api/sources", new StringContent("{}", System.Text.Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);

        foreach (HttpResponseMessage response in new[] { missing, wrongKey, almostKey, post })
        {
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.Contains(response.Headers.WwwAuthenticate, h => h.Scheme == "Bearer");
        }

        Assert.Contains("required", (await api.ReadAsync(missing)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains("not valid", (await api.ReadAsync(wrongKey)).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("api_key")]
    [InlineData("apikey")]
    [InlineData("key")]
    [InlineData("access_token")]
    public async Task A_valid_key_in_the_query_string_is_refused_even_with_the_header(string parameter)
    {
        await using AdminApi api = await AdminApi.StartAsync();
        using var http = new HttpClient { BaseAddress = api.Host.BaseUri };
        string url = $"api/sources?{parameter}={Uri.EscapeDataString(api.Key)}";

        using HttpResponseMessage queryOnly = await http.GetAsync(url, TestContext.Current.CancellationToken);
        using HttpResponseMessage queryAndHeader = await api.Client.GetAsync(url, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, queryOnly.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, queryAndHeader.StatusCode);
        Assert.Contains("never in the URL", (await api.ReadAsync(queryAndHeader)).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_no_key_configured_the_api_is_closed_to_everyone()
    {
        await using WorkerHost host = await WorkerHost.StartAsync(new Dictionary<string, string>());
        using var request = new HttpRequestMessage(HttpMethod.Get, "api/sources");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "anything-at-all-1234567890");

        using HttpResponseMessage withKey = await host.Http.SendAsync(request, TestContext.Current.CancellationToken);
        using HttpResponseMessage without = await host.Http.GetAsync("api/audit", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, withKey.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, without.StatusCode);
        Assert.Contains("disabled", await withKey.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_configured_value_that_is_not_a_hash_stops_the_host_at_start_without_echoing_it()
    {
        const string pasted = "fh_this-is-the-key-itself-not-its-hash";

        using var directory = new TempDirectory();

        OptionsValidationException failure = await Assert.ThrowsAsync<OptionsValidationException>(() =>
            WorkerHost.StartAsync(new Dictionary<string, string> { ["FeedHub:Admin:ApiKeys:ops"] = pasted }, directory));

        Assert.Contains("FeedHub:Admin:ApiKeys:ops is not a key hash", failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(pasted, failure.Message, StringComparison.Ordinal);
    }
}
