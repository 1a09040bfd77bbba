using FeedHub.Worker.Operations;
using FeedHub.Worker.AdminApi;
using FeedHub.Publishing;
using FeedHub.Publishing.Changes;
using FeedHub.Publishing.Rendering;
using FeedHub.Publishing.Requests;
using FeedHub.Worker.Feeds;

namespace FeedHub.Worker.Hosting;

/// <summary>Builds the worker host; Program and the tests that run the real host both use it.</summary>
public static class FeedHubApp
{
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        WebApplicationBuilder builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            ContentRootPath = HostPaths.ContentRoot(args),
        });
        builder.AddFeedHubWorker();
        configure?.Invoke(builder);

        WebApplication app = builder.Build();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.MapFeedHubFeeds();
        app.MapFeedHubOperations();
        app.MapFeedHubAdmin();
        return app;
    }
}
