namespace FeedHub.Tests;
