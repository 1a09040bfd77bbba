using FeedHub.Worker.Operations;
using FeedHub.Worker.Admin.Http;
using FeedHub.Worker.Publishing;

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
        app.MapFeedHubPublishing();
        app.MapFeedHubOperations();
        app.MapFeedHubAdmin();
        return app;
    }
}
