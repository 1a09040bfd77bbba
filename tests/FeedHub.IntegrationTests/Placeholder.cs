namespace FeedHub.IntegrationTests;
